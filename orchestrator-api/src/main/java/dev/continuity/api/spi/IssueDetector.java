package dev.continuity.api.spi;

import dev.continuity.api.ConsistencyIssue;

import java.util.List;

/** Finds consistency issues in a project (or in the staged state of a run). */
@FunctionalInterface
public interface IssueDetector {

    /**
     * The issues in {@code project}, empty when there are none. Healing calls it again on each staged state to verify a
     * fix, so the same problem must get the same {@link ConsistencyIssue#id() id} every time. What it throws is logged and
     * counted and its issues are left out, except a {@link dev.continuity.api.ConfigurationException}, which propagates.
     *
     * @param project the project, as scanned or as staged during a run or a fix
     * @return the issues found, each with a stable id
     */
    List<ConsistencyIssue> detect(ProjectSnapshot project);

    /**
     * Names the detector in logs and metrics, and must equal the {@link ConsistencyIssue#detector() detector} of every
     * issue it reports: healing keeps a fix only when the detector of that id, run again, no longer finds the issue. By
     * default the class's simple name; for a lambda the declaring class's simple name and {@code -lambda} (e.g.
     * {@code MyApp-lambda}), for an anonymous class the enclosing class's and {@code -anonymous}: bounded, the same in
     * every JVM. Lambdas of one class share that id: override it to tell them apart.
     *
     * @return the detector's id
     */
    default String id() {
        return dev.continuity.api.internal.PluginIds.defaultId(getClass());
    }
}
