/**
 * Reports of runs, for people: {@link dev.continuity.core.report.RunRecorder} records a run's events with their
 * times, {@link dev.continuity.core.report.RunReport} holds what a report shows (the change and its impact, the
 * planned and the actual schedule, step outcomes, retries and circuit events, issues and healing actions, diffs, the
 * learning insights), {@link dev.continuity.core.report.ReportFormat} renders it as a self-contained HTML page (inline
 * CSS, JavaScript and SVG, nothing fetched from the network), JSON, Markdown or CSV, and
 * {@link dev.continuity.core.report.ReportStore} keeps it, checksummed, under {@code .continuity/reports/}.
 * {@code Orchestrators.builder(root).recordReports()} records and stores a report of every run.
 */
@NullMarked
package dev.continuity.core.report;

import org.jspecify.annotations.NullMarked;
