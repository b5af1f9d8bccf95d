package dev.continuity.ml.model;

/** There is not enough history to train a model. */
public final class InsufficientHistoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int queries;
    private final int required;

    public InsufficientHistoryException(int queries, int required) {
        super("not enough history to train an impact model: " + queries + " training queries, need at least "
                + required);
        this.queries = queries;
        this.required = required;
    }

    /** Queries available. */
    public int queries() {
        return queries;
    }

    /** Queries required. */
    public int required() {
        return required;
    }
}
