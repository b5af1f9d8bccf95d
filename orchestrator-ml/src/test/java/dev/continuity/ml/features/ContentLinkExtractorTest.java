package dev.continuity.ml.features;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContentLinkExtractorTest {

    @Test
    void resolvesRelativeHrefsMarkdownLinksAndWikilinks() {
        Map<String, String> files = Map.of(
                "text/imprint.xhtml", "<a href=\"uncopyright.xhtml#top\">u</a> <link href=\"../css/core.css\"/>"
                        + " <a href='https://example.org/x.xhtml'>web</a>",
                "text/uncopyright.xhtml", "<p>none</p>",
                "notes/plan.md", "see [chapter](../chapters/第1話.md \"title\") and [[Hero]] and [[missing]]",
                "chapters/第1話.md", "text",
                "characters/hero.md", "hero");

        AdjacencyLinkGraph graph = ContentLinkExtractor.graphOf(files);

        assertThat(graph.edgeKinds("text/imprint.xhtml", "text/uncopyright.xhtml")).containsExactly("href");
        assertThat(graph.edgeKinds("notes/plan.md", "chapters/第1話.md")).containsExactly("markdown");
        assertThat(graph.edgeKinds("notes/plan.md", "characters/hero.md")).containsExactly("wikilink");
        assertThat(graph.edgeCount()).isEqualTo(3);
        assertThat(graph.distance("text/imprint.xhtml", "text/uncopyright.xhtml")).hasValue(1);
        assertThat(graph.distance("text/uncopyright.xhtml", "text/imprint.xhtml")).isEmpty();
        assertThat(graph.inDegree("characters/hero.md")).isEqualTo(1);
        assertThat(graph.outDegree("notes/plan.md")).isEqualTo(2);
    }

    @Test
    void findsMultiHopDistances() {
        AdjacencyLinkGraph g = AdjacencyLinkGraph.builder().addEdge("a", "b", "x").addEdge("b", "c", "x")
                .addEdge("c", "a", "x").addEdge("a", "a", "self").build();
        assertThat(g.distance("a", "c")).hasValue(2);
        assertThat(g.distance("a", "a")).hasValue(0);
        assertThat(g.edgeCount()).isEqualTo(3);
        assertThat(LinkGraph.empty().distance("a", "b")).isEmpty();
    }
}
