package dev.continuity.ml.git;

import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens git repositories for the miner and the evaluation, with errors that name the directory. */
public final class GitRepositories {

    private GitRepositories() {
    }

    /**
     * What to add to the message of an object found missing in {@code repo}: when the repository is a partial clone
     * ({@code git clone --filter=blob:none}: a remote is its promisor), that JGit cannot fetch the objects it left out,
     * and how to get them; otherwise nothing.
     */
    public static String missingObjectHint(Repository repo, IOException e) {
        if (!(e instanceof org.eclipse.jgit.errors.MissingObjectException)) {
            return "";
        }
        org.eclipse.jgit.lib.StoredConfig config = repo.getConfig();
        boolean partial = config.getString("extensions", null, "partialclone") != null
                || config.getSubsections("remote").stream().anyMatch(r -> config.getBoolean("remote", r, "promisor", false));
        return partial ? " (the repository is a partial clone, made with --filter: the objects it left out are fetched"
                + " only by git itself, not by JGit; a clone without --filter has them all)" : "";
    }

    /**
     * Opens a repository directory: a work tree containing {@code .git} (a directory, or a file naming the git directory
     * elsewhere, as in a linked work tree made by {@code git worktree add}, a submodule or a clone with
     * {@code --separate-git-dir}), or a bare repository.
     *
     * @throws IllegalArgumentException when the directory is missing or is not a git repository
     * @throws java.io.UncheckedIOException when the repository cannot be read
     */
    public static Repository open(Path repositoryDir) {
        try {
            Path dotGit = repositoryDir.resolve(".git");
            FileRepositoryBuilder builder = new FileRepositoryBuilder();
            if (Files.isDirectory(dotGit)) {
                builder.setGitDir(dotGit.toFile());
            } else if (Files.isRegularFile(dotGit)) {
                builder.setWorkTree(repositoryDir.toFile());     // JGit reads the "gitdir: ..." line of the file
            } else {
                builder.setGitDir(repositoryDir.toFile());
            }
            Repository repo = builder.setMustExist(true).build();
            if (!repo.getObjectDatabase().exists()) {
                repo.close();
                throw new IllegalArgumentException("not a git repository: " + repositoryDir);
            }
            return repo;
        } catch (RepositoryNotFoundException e) {
            throw new IllegalArgumentException("not a git repository: " + repositoryDir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open git repository " + repositoryDir + ": " + e.getMessage(), e);
        }
    }
}
