package dev.continuity.api.spi;

import dev.continuity.api.ConsistencyIssue;

import java.util.List;

/** Finds consistency issues in a project (or in the staged state of a run). */
@FunctionalInterface
public interface IssueDetector {

    List<ConsistencyIssue> detect(ProjectSnapshot project);

    default String id() {
        return getClass().getSimpleName();
    }
}
