package dev.continuity.ml.features;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts links between project files from their text, for the link graph:
 * HTML/XHTML {@code href="…"} and {@code src="…"} attributes (kind {@code href} / {@code src}),
 * Markdown links {@code [text](target)} (kind {@code markdown}) and {@code [[wikilinks]]}
 * (kind {@code wikilink}, resolved by file name without extension).
 *
 * <p>Relative targets are resolved against the linking file's folder; fragments and queries are
 * dropped; absolute URLs ({@code scheme:}) are ignored. Only targets that are files of the given
 * set become edges.
 */
public final class ContentLinkExtractor {

    /** A link found in a file. */
    public record Link(String target, String kind) {
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("\\b(href|src)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MARKDOWN = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern WIKILINK = Pattern.compile("\\[\\[([^\\]|#]+)(?:[#|][^\\]]*)?\\]\\]");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private ContentLinkExtractor() {
    }

    /** The raw links of one file, resolved to project-relative paths (not yet checked for existence). */
    public static List<Link> extract(String sourcePath, String content) {
        List<Link> links = new ArrayList<>();
        Matcher m = ATTRIBUTE.matcher(content);
        while (m.find()) {
            String raw = m.group(2) != null ? m.group(2) : m.group(3);
            resolve(sourcePath, raw).ifPresent(t -> links.add(new Link(t, m.group(1).toLowerCase(Locale.ROOT))));
        }
        Matcher md = MARKDOWN.matcher(content);
        while (md.find()) {
            resolve(sourcePath, md.group(1)).ifPresent(t -> links.add(new Link(t, "markdown")));
        }
        Matcher wl = WIKILINK.matcher(content);
        while (wl.find()) {
            links.add(new Link("[[" + wl.group(1).trim() + "]]", "wikilink"));
        }
        return links;
    }

    /**
     * Builds the link graph of a set of files from their contents.
     *
     * @param contents file path to text, for every file of the project snapshot
     */
    public static AdjacencyLinkGraph graphOf(Map<String, String> contents) {
        Map<String, List<Link>> links = new HashMap<>();
        contents.forEach((path, text) -> links.put(path, extract(path, text)));
        return graphOfLinks(contents.keySet(), links);
    }

    /** Builds the link graph from already extracted links (see {@link #extract(String, String)}). */
    public static AdjacencyLinkGraph graphOfLinks(Set<String> files, Map<String, List<Link>> links) {
        Map<String, String> byStem = new HashMap<>();
        for (String f : files) {
            byStem.putIfAbsent(stem(f), f);
        }
        AdjacencyLinkGraph.Builder builder = AdjacencyLinkGraph.builder();
        links.forEach((from, list) -> {
            for (Link link : list) {
                String target = link.target();
                if (target.startsWith("[[")) {
                    target = byStem.get(target.substring(2, target.length() - 2).toLowerCase(Locale.ROOT));
                }
                if (target != null && files.contains(target)) {
                    builder.addEdge(from, target, link.kind());
                }
            }
        });
        return builder.build();
    }

    private static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(Locale.ROOT);
    }

    private static java.util.Optional<String> resolve(String sourcePath, String raw) {
        String target = raw.trim();
        int cut = target.indexOf('#');
        if (cut >= 0) {
            target = target.substring(0, cut);
        }
        cut = target.indexOf('?');
        if (cut >= 0) {
            target = target.substring(0, cut);
        }
        if (target.isEmpty() || SCHEME.matcher(target).find() || target.startsWith("//")) {
            return java.util.Optional.empty();
        }
        try {
            target = URLDecoder.decode(target.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        String base;
        if (target.startsWith("/")) {
            base = "";
            target = target.substring(1);
        } else {
            int slash = sourcePath.lastIndexOf('/');
            base = slash < 0 ? "" : sourcePath.substring(0, slash);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String p : (base.isEmpty() ? target : base + "/" + target).split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return java.util.Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return parts.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("/", parts));
    }
}
