package dev.continuity.core.tx;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** This process: pid, host and start time, as written into lock files. */
final class ProcessIdentity {
    static final long PID = ProcessHandle.current().pid();
    static final Optional<Instant> START = ProcessHandle.current().info().startInstant().map(ProcessIdentity::truncate);
    static final String HOST = hostName();

    private ProcessIdentity() {}

    static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The host name without a DNS look-up where the platform offers one (InetAddress can block
     * for seconds): /etc/hostname, then HOSTNAME/COMPUTERNAME, then the resolver. */
    private static String hostName() {
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String value = Files.readString(etc, StandardCharsets.UTF_8).trim();
                if (!value.isEmpty()) {
                    return value;
                }
            }
        } catch (java.io.IOException | SecurityException e) {
            // fall through to the resolver
        }
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
