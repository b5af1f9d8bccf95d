package dev.continuity.ml.model;

/** There is not enough history to train a model. */
public final class InsufficientHistoryException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Training queries the history yielded. */
    private final int queries;
    /** Training queries a model needs at least. */
    private final int required;

    /**
     * Too little history.
     *
     * @param queries  training queries the history yielded
     * @param required training queries a model needs at least
     */
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
