package dev.continuity.core.project;

import dev.continuity.api.ProjectFileException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HardenedYamlTest {
    private final HardenedYaml yaml = new HardenedYaml();

    @Test
    void parsesMappingsWithPositions() {
        YamlNode root = yaml.parse("a.yaml", "name: 主人公\naliases:\n  - レオン\n").orElseThrow();
        assertThat(root.toPlain()).isEqualTo(java.util.Map.of("name", "主人公", "aliases", java.util.List.of("レオン")));
        YamlNode.Scalar alias = (YamlNode.Scalar) ((YamlNode.Sequence) ((YamlNode.Mapping) root).entries().get("aliases")).items().getFirst();
        assertThat(alias.line()).isEqualTo(3);
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        assertThatThrownBy(() -> yaml.parse("plot.yaml", "title: ok\nchapters: [a, b\nnext: 1\n"))
                .isInstanceOf(ProjectFileException.class)
                .hasMessageStartingWith("plot.yaml:")
                .satisfies(e -> assertThat(((ProjectFileException) e).line()).isPresent());
    }

    @Test
    void malformedYamlIsOneLineWithPositionsCountedInTheFile() {
        String text = "---\ntitle: a\nplot: [x\nfoo: 1\n---\nbody\n";
        int from = text.indexOf("title");
        int to = text.indexOf("---", from);
        assertThatThrownBy(() -> yaml.parse("a.md", text, from, to, 1))
                .isInstanceOf(ProjectFileException.class)
                .satisfies(e -> {
                    String m = e.getMessage();
                    assertThat(m).doesNotContain("\n").doesNotContain("  ")
                            .contains("while parsing a flow sequence (from line 3, column 7)");
                    assertThat(((ProjectFileException) e).line()).hasValue(4);
                });
    }

    @Test
    void aByteOrderMarkIsNoContentAndOffsetsStillCountIt() {
        String text = "\uFEFFname: 鍛冶師ガルド\naliases: [ガルド]\n";
        YamlNode.Mapping m = (YamlNode.Mapping) yaml.parse("30_設定集/キャラクター/鍛冶師ガルド.yaml", text).orElseThrow();
        YamlNode.Scalar name = (YamlNode.Scalar) m.get("name").orElseThrow();
        assertThat(name.value()).isEqualTo("鍛冶師ガルド");
        assertThat(text.substring(name.start(), name.end())).isEqualTo("鍛冶師ガルド");
        assertThat(name.line()).isEqualTo(1);
        assertThat(m.get("aliases")).isPresent();
    }

    @Test
    void aliasBombIsRefused() {
        String bomb = """
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                """;
        assertThatThrownBy(() -> yaml.parse("bomb.yaml", bomb)).isInstanceOf(ProjectFileException.class)
                .hasMessageContaining("bomb.yaml:1").hasMessageContaining("anchors");
    }

    @Test
    void plainAliasIsRefusedEvenWithoutAnchorOnSameNode() {
        assertThatThrownBy(() -> yaml.parse("x.yaml", "a: &x 1\nb: *x\n")).isInstanceOf(ProjectFileException.class);
    }

    @Test
    void explicitTagsAreRefused() {
        assertThatThrownBy(() -> yaml.parse("t.yaml", "a: !!binary aGVsbG8=\n")).isInstanceOf(ProjectFileException.class)
                .hasMessageContaining("tags");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(200) + "]".repeat(200);
        assertThatThrownBy(() -> yaml.parse("deep.yaml", deep)).isInstanceOf(ProjectFileException.class)
                .hasMessageContaining("deep.yaml").hasMessageContaining("nesting");
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        assertThatThrownBy(() -> yaml.parse("deep2.yaml", block + "  ".repeat(200) + "v\n")).isInstanceOf(ProjectFileException.class);
    }

    @Test
    void duplicateKeysAndTrailingDocumentsAreRefused() {
        assertThatThrownBy(() -> yaml.parse("d.yaml", "a: 1\nb: 2\na: 3\n")).isInstanceOf(ProjectFileException.class)
                .hasMessageContaining("uplicate").hasMessageContaining("d.yaml:3");
        assertThatThrownBy(() -> yaml.parse("m.yaml", "a: 1\n---\nb: 2\n")).isInstanceOf(ProjectFileException.class)
                .hasMessageContaining("trailing content");
    }

    @Test
    void oversizedStringsAreRefused() {
        HardenedYaml small = new HardenedYaml(new HardenedYaml.Limits(10, 16, 1000));
        assertThatThrownBy(() -> small.parse("s.yaml", "a: " + "x".repeat(100) + "\n")).isInstanceOf(ProjectFileException.class);
        assertThatThrownBy(() -> small.parse("s.yaml", "a: " + "x".repeat(2000) + "\n")).isInstanceOf(ProjectFileException.class)
                .hasMessageContaining("exceeds");
    }
}
