/**
 * Test support for code that uses Continuity: a JUnit 5 extension with template projects, faulty plugins, AssertJ
 * assertions and the {@code FixStrategy} contract test.
 */
module dev.continuity.testkit {
    requires transitive dev.continuity.api;
    requires transitive dev.continuity.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires static org.jspecify;

    exports dev.continuity.testkit;
}
