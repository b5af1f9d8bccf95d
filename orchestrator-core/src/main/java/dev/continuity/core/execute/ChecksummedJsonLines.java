package dev.continuity.core.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Append-only JSON Lines files whose every line carries the SHA-256 of its entry:
 * {@code {"sha256":"<64 hex>","entry":{...}}}. A line that does not verify (torn by a crash, edited by hand) is
 * skipped and counted, never trusted. Appends are forced to disk.
 */
final class ChecksummedJsonLines {
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String PREFIX = "{\"sha256\":\"";
    private static final String MIDDLE = "\",\"entry\":";

    private ChecksummedJsonLines() {}

    /** What a file held: the entries that verified and how many lines did not. */
    record Read<T>(List<T> entries, int corruptLines) {}

    static void append(Path file, Object entry) {
        String json;
        try {
            json = JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + entry.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
        String line = PREFIX + sha256(json) + MIDDLE + json + "}\n";
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    static <T> Read<T> read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return new Read<>(List.of(), 0);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<T> out = new ArrayList<>();
        int corrupt = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int hashEnd = PREFIX.length() + 64;
            if (!line.startsWith(PREFIX) || line.length() < hashEnd + MIDDLE.length() + 1 || !line.startsWith(MIDDLE, hashEnd) || !line.endsWith("}")) {
                corrupt++;
                continue;
            }
            String json = line.substring(hashEnd + MIDDLE.length(), line.length() - 1);
            if (!sha256(json).equals(line.substring(PREFIX.length(), hashEnd))) {
                corrupt++;
                continue;
            }
            try {
                out.add(JSON.readValue(json, type));
            } catch (IOException e) {
                corrupt++;
            }
        }
        return new Read<>(out, corrupt);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
