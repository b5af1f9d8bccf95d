/**
 * Reading git repositories with JGit: opening one ({@link dev.continuity.ml.git.GitRepositories}) and reading the
 * content files of a commit ({@link dev.continuity.ml.git.GitTreeReader}). Not exported by the module: JGit's types
 * are not part of Continuity's API.
 */
@NullMarked
package dev.continuity.ml.git;

import org.jspecify.annotations.NullMarked;
