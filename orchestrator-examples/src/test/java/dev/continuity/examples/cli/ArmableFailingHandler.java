package dev.continuity.examples.cli;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;

import java.time.Duration;

/**
 * A handler the command line finds with {@code ServiceLoader} (registered in the tests' {@code META-INF/services}) so
 * that a test can make a run fail at a chosen file. Disarmed (the default) it supports nothing and is never planned;
 * armed it takes every step, appends a line, and fails on {@link #failOn} when set. Tests run one at a time in this
 * module, so the static switch is safe; every test that arms it disarms it in {@code finally}.
 */
public final class ArmableFailingHandler implements UpdateHandler {
    static volatile boolean armed;
    static volatile String failOn;

    static void disarm() {
        armed = false;
        failOn = null;
    }

    @Override
    public HandlerResult apply(StepContext c) {
        if (c.step().file().equals(failOn)) {
            throw new IllegalStateException("service down");
        }
        c.writer().writeText(c.step().file(), c.project().text(c.step().file()).orElseThrow() + "# updated\n");
        return HandlerResult.updated("appended");
    }

    @Override
    public String id() {
        return "armable-failing";
    }

    @Override
    public boolean supports(FileKind kind, EnhancedUpdateType type) {
        return armed;
    }

    @Override
    public int priority() {
        return 1000;
    }

    @Override
    public double failureProbability() {
        return 0.3;
    }

    @Override
    public Duration estimatedDuration() {
        return Duration.ofSeconds(10);
    }
}
