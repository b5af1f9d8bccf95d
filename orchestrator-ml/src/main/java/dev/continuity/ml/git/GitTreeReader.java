package dev.continuity.ml.git;

import dev.continuity.ml.history.GitMiningOptions;

import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the content files present at a commit (a recursive tree walk) and their bytes.
 * Used to know which files existed before a change (the candidates) and what they linked to,
 * without looking at anything that happened later.
 *
 * <p>Not thread-safe. Close it to release the object reader.
 */
public final class GitTreeReader implements AutoCloseable {

    /** Files larger than this are not read (their links are not extracted). */
    public static final int MAX_BLOB_BYTES = 16 * 1024 * 1024;

    private final ObjectReader reader;
    private final RevWalk walk;
    private final Pattern include;

    public GitTreeReader(Repository repo, GitMiningOptions options) {
        Objects.requireNonNull(repo, "repo");
        this.reader = repo.newObjectReader();
        this.walk = new RevWalk(reader);
        this.include = options.includePattern();
    }

    /**
     * Whether an entry of this mode is a file whose content counts: a regular or executable file. A symbolic link (a
     * project scan does not follow it either) and a submodule (its id names a commit of another repository) are not.
     */
    public static boolean isContentMode(FileMode mode) {
        return (mode.getBits() & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
    }

    /** The content files (regular files, {@link #isContentMode}) at {@code commitId} with their blob ids, sorted by path. */
    public Map<String, ObjectId> contentFilesAt(String commitId) {
        try {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(commitId));
            Map<String, ObjectId> out = new TreeMap<>();
            try (TreeWalk tw = new TreeWalk(reader)) {
                tw.addTree(commit.getTree());
                tw.setRecursive(true);
                while (tw.next()) {
                    String path = tw.getPathString();
                    if (isContentMode(tw.getFileMode(0)) && include.matcher(path).matches()) {
                        out.put(path, tw.getObjectId(0));
                    }
                }
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tree of commit " + commitId, e);
        }
    }

    /** The bytes of a blob, or an empty array when it is larger than {@link #MAX_BLOB_BYTES}. */
    public byte[] read(ObjectId blob) {
        try {
            ObjectLoader loader = reader.open(blob);
            if (loader.getSize() > MAX_BLOB_BYTES) {
                return new byte[0];
            }
            return loader.getCachedBytes(MAX_BLOB_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + blob.name(), e);
        }
    }

    @Override
    public void close() {
        walk.close();
        reader.close();
    }
}
