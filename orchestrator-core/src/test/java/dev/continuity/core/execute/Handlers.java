package dev.continuity.core.execute;

import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;

import java.util.List;

/** Handlers made of lambdas, for tests. */
final class Handlers {
    private Handlers() {}

    @FunctionalInterface
    interface Body {
        HandlerResult apply(StepContext context) throws Exception;
    }

    static UpdateHandler of(String id, String service, Body body, String... fallbacks) {
        return new UpdateHandler() {
            @Override public HandlerResult apply(StepContext context) throws Exception { return body.apply(context); }
            @Override public String id() { return id; }
            @Override public String service() { return service; }
            @Override public List<String> fallbacks() { return List.of(fallbacks); }
        };
    }

    /** Writes "<id> by <handler>" to the step's file. */
    static HandlerResult write(StepContext c) {
        c.writer().writeText(c.step().file(), c.step().id() + " by " + c.step().handlerId());
        return HandlerResult.updated("wrote " + c.step().file());
    }
}
