package dev.continuity.core.report;

import dev.continuity.api.ImpactedFile;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.RiskLevel;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.continuity.core.report.Markup.esc;
import static dev.continuity.core.report.Markup.n;

/**
 * The impact of a change as a picture, left to right: the changed file(s), the entities the change touches, then the
 * impacted files grouped in boxes by top-level folder. Every impacted file's explanation path
 * ({@code A -[references]-> entity:X -[mentions]-> B}) becomes edges: the colour is the edge kind, the width the
 * confidence. Above {@value #MAX_ROWS} files in a column, each folder shows its riskiest, most confident files and
 * one "+ n more" row that takes their edges; every file is still listed in the report's step table.
 */
final class ImpactGraphSvg {
    static final int MAX_ROWS = 60;
    private static final Pattern HOP = Pattern.compile("\\s+-\\[([^\\]]+)\\]->\\s+");
    private static final double PAD = 16;
    private static final double SOURCE_W = 220;
    private static final double SOURCE_H = 54;
    private static final double ENTITY_W = 140;
    private static final double ENTITY_H = 30;
    private static final double BOX_W = 440;
    private static final double GAP = 130;
    private static final double ROW_H = 21;
    private static final double HEAD_H = 28;
    private static final double BOX_GAP = 12;
    private static final double FONT = 12.5;

    private enum Type { SOURCE, ENTITY, FILE }

    private static final class Node {
        final String id;
        final Type type;
        final Optional<ImpactedFile> file;
        int column;
        double x;
        double y;
        double w;
        double h;
        /** The "more" row that stands in for this file when it is not shown. */
        Node proxy;
        int hidden;
        double hiddenConfidence;

        Node(String id, Type type, Optional<ImpactedFile> file) {
            this.id = id;
            this.type = type;
            this.file = file;
        }

        String label() {
            return id.startsWith("entity:") ? id.substring("entity:".length()) : id;
        }

        double inY() {
            return y + h / 2;
        }
    }

    private record EdgeKey(Node from, Node to, String kind) {}

    private static final class Edge {
        double confidence;
        int count;
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<EdgeKey, Edge> edges = new LinkedHashMap<>();
    private final Map<String, StepOutcome> outcomes = new HashMap<>();
    private int shownFiles;
    private int totalFiles;

    private ImpactGraphSvg() {}

    /**
     * The picture and what its legend needs.
     *
     * @param svg   the SVG element
     * @param kinds the edge kinds it uses, in legend order
     * @param shown files drawn as rows
     * @param total impacted files
     */
    record Picture(String svg, Set<String> kinds, int shown, int total) {}

    static Picture render(RunReport report) {
        ImpactGraphSvg g = new ImpactGraphSvg();
        String svg = g.draw(report);
        Set<String> used = new LinkedHashSet<>();
        Palette.EDGE_KINDS.stream().filter(k -> g.edges.keySet().stream().anyMatch(e -> e.kind.equals(k))).forEach(used::add);
        g.edges.keySet().stream().map(EdgeKey::kind).forEach(used::add);
        return new Picture(svg, used, g.shownFiles, g.totalFiles);
    }

    private String draw(RunReport report) {
        PredictiveImpactAnalysis impact = report.response().impact();
        for (StepResult r : report.response().stepResults()) {
            outcomes.merge(r.file(), r.outcome(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        List<String> changed = impact.changedFiles().isEmpty() ? report.request().changedFiles() : impact.changedFiles();
        changed.forEach(c -> node(c, Type.SOURCE, Optional.empty()));
        Map<String, ImpactedFile> impacted = new LinkedHashMap<>();
        impact.impactedFiles().forEach(f -> impacted.put(f.path(), f));
        for (ImpactedFile f : impact.impactedFiles()) {
            if (changed.contains(f.path())) {
                continue;
            }
            addPath(f, changed.getFirst(), impacted);
        }
        totalFiles = (int) nodes.values().stream().filter(x -> x.type == Type.FILE).count();
        if (totalFiles == 0) {
            return empty(changed);
        }
        layout();
        return svg();
    }

    /** Only the change: nothing was impacted above the threshold. */
    private String empty(List<String> changed) {
        width = PAD * 2 + SOURCE_W + GAP + 320;
        height = PAD * 2 + 22 + Math.max(SOURCE_H, stackHeight(columns0(changed), SOURCE_H, 18));
        List<Node> sources = columns0(changed);
        place(sources, PAD, SOURCE_W, SOURCE_H, 18);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"impact-graph\" class=\"graph\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" width=\"").append(n(width)).append("\" height=\"").append(n(height))
                .append("\" role=\"img\" aria-label=\"impact graph: no impacted files\">\n");
        sources.forEach(x -> source(s, x));
        s.append("<text class=\"col-title\" x=\"").append(n(PAD + SOURCE_W + 40)).append("\" y=\"").append(n(height / 2 + 4))
                .append("\">no other file is impacted above the confidence threshold</text>\n</svg>\n");
        return s.toString();
    }

    private List<Node> columns0(List<String> changed) {
        return changed.stream().map(nodes::get).toList();
    }

    private Node node(String id, Type type, Optional<ImpactedFile> file) {
        return nodes.computeIfAbsent(id, k -> new Node(k, type, file));
    }

    /** The nodes and edges of one file's explanation; a path that is not a graph path links the change to the file. */
    private void addPath(ImpactedFile f, String firstChange, Map<String, ImpactedFile> impacted) {
        String reason = f.reasons().isEmpty() ? "" : f.reasons().getFirst();
        List<String> ids = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        Matcher m = HOP.matcher(reason);
        int last = 0;
        while (m.find()) {
            ids.add(reason.substring(last, m.start()).strip());
            kinds.add(m.group(1).strip());
            last = m.end();
        }
        ids.add(reason.substring(last).strip());
        if (kinds.isEmpty() || !ids.getLast().equals(f.path())) {
            ids = List.of(firstChange, f.path());
            kinds = List.of(f.source().contains("model") ? "model" : "references");
        }
        Node prev = null;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Node cur;
            if (nodes.containsKey(id)) {
                cur = nodes.get(id);
            } else if (id.startsWith("entity:")) {
                cur = node(id, Type.ENTITY, Optional.empty());
            } else if (impacted.containsKey(id)) {
                cur = node(id, Type.FILE, Optional.of(impacted.get(id)));
            } else {
                cur = node(id, Type.SOURCE, Optional.empty());
            }
            if (i == 0 && cur.type == Type.ENTITY) {
                // a seed entity the change's context names: the change leads to it
                link(nodes.get(firstChange), cur, "context", 1.0);
            }
            if (prev != null) {
                link(prev, cur, kinds.get(i - 1), f.confidence());
            }
            prev = cur;
        }
    }

    private void link(Node from, Node to, String kind, double confidence) {
        if (from == to) {
            return;
        }
        Edge e = edges.computeIfAbsent(new EdgeKey(from, to, kind), k -> new Edge());
        e.confidence = Math.max(e.confidence, confidence);
        e.count = 1;
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    private final List<List<Node>> columns = new ArrayList<>();
    private final List<Node> moreRows = new ArrayList<>();
    private final Map<Node, String> clusterOf = new HashMap<>();
    private final List<double[]> boxes = new ArrayList<>();
    private final List<String> boxLabels = new ArrayList<>();
    private double width;
    private double height;

    private void layout() {
        boolean entities = nodes.values().stream().anyMatch(x -> x.type == Type.ENTITY);
        int fileBase = entities ? 2 : 1;
        for (Node x : nodes.values()) {
            x.column = switch (x.type) {
                case SOURCE -> 0;
                case ENTITY -> 1;
                case FILE -> fileBase;
            };
        }
        // a file reached from another impacted file goes one column further (bounded, in case of cycles)
        for (int round = 0; round < 4; round++) {
            boolean moved = false;
            for (EdgeKey k : edges.keySet()) {
                if (k.from.type == Type.FILE && k.to.type == Type.FILE && k.to.column <= k.from.column && k.from.column < fileBase + 3) {
                    k.to.column = k.from.column + 1;
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        int maxColumn = nodes.values().stream().mapToInt(x -> x.column).max().orElse(0);
        for (int c = 0; c <= maxColumn; c++) {
            columns.add(new ArrayList<>());
        }
        nodes.values().forEach(x -> columns.get(x.column).add(x));
        double x = PAD;
        double[] columnX = new double[maxColumn + 1];
        for (int c = 0; c <= maxColumn; c++) {
            columnX[c] = x;
            x += (c == 0 ? SOURCE_W : c == 1 && entities ? ENTITY_W : BOX_W) + GAP;
        }
        width = x - GAP + PAD;
        double tallest = 0;
        for (int c = fileBase; c <= maxColumn; c++) {
            tallest = Math.max(tallest, layoutFiles(columns.get(c), columnX[c]));
        }
        height = Math.max(tallest, Math.max(stackHeight(columns.get(0), SOURCE_H, 18), entities ? stackHeight(columns.get(1), ENTITY_H, 10) : 0))
                + 2 * PAD + 22;
        place(columns.get(0), columnX[0], SOURCE_W, SOURCE_H, 18);
        if (entities) {
            place(columns.get(1), columnX[1], ENTITY_W, ENTITY_H, 10);
        }
    }

    private static double stackHeight(List<Node> column, double h, double gap) {
        return column.isEmpty() ? 0 : column.size() * h + (column.size() - 1) * gap;
    }

    /** Lays out one column of files in folder boxes; returns its height. */
    private double layoutFiles(List<Node> files, double x) {
        Map<String, List<Node>> byFolder = new TreeMap<>(Markup.NATURAL);
        for (Node f : files) {
            byFolder.computeIfAbsent(topFolder(f.id), k -> new ArrayList<>()).add(f);
        }
        boolean capped = files.size() > MAX_ROWS;
        int perFolder = Math.max(4, MAX_ROWS / Math.max(1, byFolder.size()));
        double y = PAD + 22;
        for (Map.Entry<String, List<Node>> e : byFolder.entrySet()) {
            List<Node> all = e.getValue();
            List<Node> shown = new ArrayList<>(all);
            if (capped && all.size() > perFolder) {
                shown.sort(Comparator.comparing((Node f) -> f.file.map(ImpactedFile::risk).orElse(RiskLevel.LOW)).reversed()
                        .thenComparing(f -> -f.file.map(ImpactedFile::confidence).orElse(0.0)));
                shown = new ArrayList<>(shown.subList(0, perFolder - 1));
            }
            shown.sort(Comparator.comparing(f -> rest(f.id), Markup.NATURAL));
            double top = y;
            y += HEAD_H;
            for (Node f : shown) {
                f.x = x;
                f.y = y;
                f.w = BOX_W;
                f.h = ROW_H;
                clusterOf.put(f, e.getKey());
                y += ROW_H;
            }
            shownFiles += shown.size();
            if (shown.size() < all.size()) {
                Node more = new Node("more:" + e.getKey(), Type.FILE, Optional.empty());
                more.x = x;
                more.y = y;
                more.w = BOX_W;
                more.h = ROW_H;
                List<Node> hiddenNodes = all.stream().filter(f -> !clusterOf.containsKey(f)).toList();
                more.hidden = hiddenNodes.size();
                more.hiddenConfidence = hiddenNodes.stream().mapToDouble(f -> f.file.map(ImpactedFile::confidence).orElse(0.0)).average().orElse(0);
                hiddenNodes.forEach(f -> f.proxy = more);
                moreRows.add(more);
                y += ROW_H;
            }
            y += 6;
            boxes.add(new double[] {x, top, BOX_W, y - top});
            boxLabels.add(e.getKey() + "\u0000" + all.size() + "\u0000"
                    + ReportText.fixed(all.stream().mapToDouble(f -> f.file.map(ImpactedFile::confidence).orElse(0.0)).average().orElse(0), 2));
            y += BOX_GAP;
        }
        return y - BOX_GAP - PAD;
    }

    /** Places sources or entities as a block centred on the mean height of what they lead to, inside the picture. */
    private void place(List<Node> column, double x, double w, double h, double gap) {
        if (column.isEmpty()) {
            return;
        }
        double sum = 0;
        int count = 0;
        for (Node n : column) {
            for (EdgeKey k : edges.keySet()) {
                if (k.from == n) {
                    Node to = target(k.to);
                    if (to.h > 0) {
                        sum += to.inY();
                        count++;
                    }
                }
            }
        }
        double block = stackHeight(column, h, gap);
        double centre = count == 0 ? (height + PAD + 22) / 2 : sum / count;
        double y = Math.max(PAD + 22, Math.min(height - PAD - block, centre - block / 2));
        for (Node n : column) {
            n.x = x;
            n.y = y;
            n.w = w;
            n.h = h;
            y += h + gap;
        }
    }

    private static Node target(Node n) {
        return n.proxy != null ? n.proxy : n;
    }

    private static String topFolder(String path) {
        int i = path.indexOf('/');
        return i < 0 ? "(project root)" : path.substring(0, i);
    }

    private static String rest(String path) {
        int i = path.indexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }

    // ---- drawing ------------------------------------------------------------------------------------------------

    private String svg() {
        StringBuilder s = new StringBuilder(64 * 1024);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"impact-graph\" class=\"graph\" viewBox=\"0 0 ").append(n(width)).append(' ')
                .append(n(height)).append("\" width=\"").append(n(width)).append("\" height=\"").append(n(height))
                .append("\" role=\"img\" aria-label=\"impact graph: ").append(totalFiles).append(" impacted files\">\n");
        s.append("<text class=\"col-title\" x=\"").append(n(PAD)).append("\" y=\"").append(n(PAD + 6)).append("\">changed</text>\n");
        if (columns.size() > 1 && columns.get(1).stream().anyMatch(x -> x.type == Type.ENTITY)) {
            s.append("<text class=\"col-title\" x=\"").append(n(columns.get(1).getFirst().x)).append("\" y=\"").append(n(PAD + 6))
                    .append("\">entities</text>\n");
        }
        nodes.values().stream().filter(x -> x.type == Type.FILE && x.h > 0).mapToDouble(x -> x.x).min().ifPresent(fx -> s.append("<text class=\"col-title\" x=\"")
                .append(n(fx)).append("\" y=\"").append(n(PAD + 6)).append("\">impacted files").append(shownFiles < totalFiles
                        ? " (" + shownFiles + " of " + totalFiles + " shown)" : " (" + totalFiles + ")").append("</text>\n"));
        for (int i = 0; i < boxes.size(); i++) {
            double[] b = boxes.get(i);
            String[] label = boxLabels.get(i).split("\u0000");
            s.append("<g class=\"box\"><rect x=\"").append(n(b[0])).append("\" y=\"").append(n(b[1])).append("\" width=\"").append(n(b[2]))
                    .append("\" height=\"").append(n(b[3])).append("\" rx=\"10\"/>");
            s.append("<text class=\"box-title\" x=\"").append(n(b[0] + 12)).append("\" y=\"").append(n(b[1] + 19)).append("\">")
                    .append(esc(Markup.fit(label[0], 250, 13))).append("</text>");
            s.append("<text class=\"box-meta\" x=\"").append(n(b[0] + b[2] - 12)).append("\" y=\"").append(n(b[1] + 19))
                    .append("\" text-anchor=\"end\">").append(label[1]).append(label[1].equals("1") ? " file" : " files").append(" · mean ")
                    .append(label[2]).append("</text></g>\n");
        }
        drawEdges(s);
        for (Node x : nodes.values()) {
            if (x.h == 0) {
                continue;
            }
            switch (x.type) {
                case SOURCE -> source(s, x);
                case ENTITY -> entity(s, x);
                case FILE -> file(s, x);
            }
        }
        moreRows.forEach(m -> more(s, m));
        s.append("</svg>\n");
        return s.toString();
    }

    private void drawEdges(StringBuilder s) {
        Map<EdgeKey, Edge> drawn = new LinkedHashMap<>();
        for (Map.Entry<EdgeKey, Edge> e : edges.entrySet()) {
            Node to = target(e.getKey().to);
            Node from = target(e.getKey().from);
            if (to.h == 0 || from.h == 0 || to == from) {
                continue;
            }
            EdgeKey k = new EdgeKey(from, to, e.getKey().kind);
            Edge d = drawn.computeIfAbsent(k, x -> new Edge());
            d.confidence = (d.confidence * d.count + e.getValue().confidence) / (d.count + 1);
            d.count++;
        }
        s.append("<g class=\"edges\">\n");
        for (Map.Entry<EdgeKey, Edge> e : drawn.entrySet()) {
            EdgeKey k = e.getKey();
            double x1 = k.from.x + k.from.w;
            double y1 = k.from.inY();
            double x2 = k.to.x;
            double y2 = k.to.inY();
            double dx = Math.max(40, Math.abs(x2 - x1) * 0.5);
            double c1 = x1 + dx;
            if (x2 < x1) {
                // a backward or same-column edge: a loop on the left, from the source's left side to the target's
                x1 = k.from.x;
                dx = 60;
                c1 = x1 - dx;
            }
            double w = width(k.kind, e.getValue().confidence);
            s.append("<path class=\"edge\" data-from=\"").append(esc(k.from.id)).append("\" data-to=\"").append(esc(k.to.id)).append("\" d=\"M")
                    .append(n(x1)).append(',').append(n(y1)).append(" C").append(n(c1)).append(',').append(n(y1)).append(' ').append(n(x2 - dx))
                    .append(',').append(n(y2)).append(' ').append(n(x2)).append(',').append(n(y2)).append("\" stroke=\"").append(Palette.edge(k.kind))
                    .append("\" stroke-width=\"").append(n(w)).append('"');
            if (Palette.dashed(k.kind)) {
                s.append(" stroke-dasharray=\"5 4\"");
            }
            s.append("><title>").append(esc(k.from.label() + " -[" + k.kind + "]-> " + k.to.label())).append(e.getValue().count > 1
                    ? " (" + e.getValue().count + " files)" : "").append(" · confidence ").append(ReportText.fixed(e.getValue().confidence, 2))
                    .append("</title></path>\n");
        }
        s.append("</g>\n");
    }

    /** Stroke width from confidence: 0.5 at or below 0.5, 5 at 1; the context of a change is drawn thin. */
    static double width(String kind, double confidence) {
        if (kind.equals("context")) {
            return 1.5;
        }
        return 0.5 + 4.5 * Math.max(0, Math.min(1, (confidence - 0.5) / 0.5));
    }

    private void source(StringBuilder s, Node x) {
        String folder = ReportText.folder(x.id);
        s.append("<g class=\"node source\" data-id=\"").append(esc(x.id)).append("\"><title>").append(esc(x.id)).append("</title><rect x=\"")
                .append(n(x.x)).append("\" y=\"").append(n(x.y)).append("\" width=\"").append(n(x.w)).append("\" height=\"").append(n(x.h))
                .append("\" rx=\"10\"/><text class=\"source-folder\" x=\"").append(n(x.x + 14)).append("\" y=\"").append(n(x.y + 21)).append("\">")
                .append(esc(Markup.fit(folder.equals(".") ? "(project root)" : folder + "/", x.w - 28, 11.5))).append("</text><text class=\"source-name\" x=\"")
                .append(n(x.x + 14)).append("\" y=\"").append(n(x.y + 41)).append("\">").append(esc(Markup.fit(ReportText.fileName(x.id), x.w - 28, 15)))
                .append("</text></g>\n");
    }

    private void entity(StringBuilder s, Node x) {
        s.append("<g class=\"node entity\" data-id=\"").append(esc(x.id)).append("\"><title>").append(esc(x.id)).append("</title><rect x=\"")
                .append(n(x.x)).append("\" y=\"").append(n(x.y)).append("\" width=\"").append(n(x.w)).append("\" height=\"").append(n(x.h))
                .append("\" rx=\"15\"/><text x=\"").append(n(x.x + x.w / 2)).append("\" y=\"").append(n(x.y + 20)).append("\" text-anchor=\"middle\">")
                .append(esc(Markup.fit(x.label(), x.w - 20, 13))).append("</text></g>\n");
    }

    private void file(StringBuilder s, Node x) {
        ImpactedFile f = x.file.orElseThrow();
        StepOutcome outcome = outcomes.get(f.path());
        double cy = x.y + x.h / 2;
        s.append("<g class=\"node file\" data-id=\"").append(esc(x.id)).append("\"><title>").append(esc(f.path())).append("\n")
                .append(f.risk()).append(" risk · confidence ").append(ReportText.fixed(f.confidence(), 2)).append(" · ").append(f.kind())
                .append(f.reasons().isEmpty() ? "" : "\n" + esc(f.reasons().getFirst())).append("</title>");
        s.append("<rect class=\"row\" x=\"").append(n(x.x + 4)).append("\" y=\"").append(n(x.y)).append("\" width=\"").append(n(x.w - 8))
                .append("\" height=\"").append(n(x.h)).append("\" rx=\"4\"/>");
        s.append("<circle cx=\"").append(n(x.x + 16)).append("\" cy=\"").append(n(cy)).append("\" r=\"4.5\" fill=\"").append(Palette.risk(f.risk()))
                .append("\"/>");
        s.append("<text x=\"").append(n(x.x + 28)).append("\" y=\"").append(n(cy + 4.5)).append("\">").append(esc(Markup.fit(rest(f.path()), 222, FONT)))
                .append("</text>");
        double bx = x.x + 258;
        s.append("<rect class=\"bar-bg\" x=\"").append(n(bx)).append("\" y=\"").append(n(cy - 3)).append("\" width=\"60\" height=\"6\" rx=\"3\"/>");
        s.append("<rect x=\"").append(n(bx)).append("\" y=\"").append(n(cy - 3)).append("\" width=\"").append(n(60 * f.confidence()))
                .append("\" height=\"6\" rx=\"3\" fill=\"#64748b\"/>");
        s.append("<text class=\"num\" x=\"").append(n(bx + 66)).append("\" y=\"").append(n(cy + 4.5)).append("\">")
                .append(ReportText.fixed(f.confidence(), 2)).append("</text>");
        if (outcome != null) {
            s.append("<text class=\"outcome o-").append(outcome.name().toLowerCase(java.util.Locale.ROOT)).append("\" x=\"").append(n(x.x + x.w - 12))
                    .append("\" y=\"").append(n(cy + 4.5)).append("\" text-anchor=\"end\">").append(outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .append("</text>");
        }
        s.append("</g>\n");
    }

    private void more(StringBuilder s, Node m) {
        double cy = m.y + m.h / 2;
        s.append("<g class=\"node more\" data-id=\"").append(esc(m.id)).append("\"><text x=\"").append(n(m.x + 28)).append("\" y=\"").append(n(cy + 4.5))
                .append("\">+ ").append(m.hidden).append(" more (mean confidence ").append(ReportText.fixed(m.hiddenConfidence, 2))
                .append("; all are in the step table)</text></g>\n");
    }
}
