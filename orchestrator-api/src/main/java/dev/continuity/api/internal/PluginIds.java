package dev.continuity.api.internal;

/**
 * The default {@code id()} of Continuity's plugin interfaces. Not exported: the interfaces' default methods call it.
 */
public final class PluginIds {

    private PluginIds() {
    }

    /**
     * The default id of a plugin class: its simple name; for a lambda, its declaring class's simple name and
     * {@code -lambda}; for an anonymous class, its enclosing class's and {@code -anonymous}. Never the JVM's generated
     * name ({@code Foo$$Lambda/0x...}, different in every JVM), so that meter tags stay bounded. Lambdas (or anonymous
     * classes) of one class therefore share an id.
     */
    public static String defaultId(Class<?> c) {
        String name = c.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            String declaring = name.substring(0, lambda);
            return declaring.substring(declaring.lastIndexOf('.') + 1) + "-lambda";
        }
        if (c.isAnonymousClass() && c.getEnclosingClass() != null) {
            return defaultId(c.getEnclosingClass()) + "-anonymous";
        }
        return c.getSimpleName().isEmpty() ? name.substring(name.lastIndexOf('.') + 1) : c.getSimpleName();
    }
}
