/**
 * Ready-made {@link dev.continuity.api.spi.AlertSink}s: {@link dev.continuity.core.alerts.LoggingAlertSink} (SLF4J)
 * and {@link dev.continuity.core.alerts.WebhookAlertSink} (HTTP POST of JSON, optionally HMAC-signed). Register them
 * with {@code Orchestrators.builder(root).alertSink(..)}; alerts reach them off the execution threads.
 */
package dev.continuity.core.alerts;
