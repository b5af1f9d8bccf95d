/**
 * Watching runs: the fan-out of {@link dev.continuity.api.ExecutionEvent}s to listeners, anomaly detection on step
 * latency and error rate per service, and the delivery of alerts to {@link dev.continuity.api.spi.AlertSink}s (a
 * logging sink and a signed webhook sink are provided). Nothing here blocks a run: listeners are guarded, sinks are fed
 * through bounded queues on their own threads.
 */
@NullMarked
package dev.continuity.core.monitor;

import org.jspecify.annotations.NullMarked;
