package dev.continuity.ml.features;

import java.util.Locale;

/**
 * File kinds of the query files and the candidate as one-hot categories (extension and top-level
 * folder), whether they share extension and folder, and how far apart their folders are.
 */
final class FileKindFeatures implements FeatureExtractor {

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        String cExt = extension(candidate);
        String cDir = folder(candidate);
        sink.category("kind.c.ext", cExt);
        sink.category("kind.c.top", top(candidate));
        boolean sameExt = false;
        boolean sameDir = false;
        int minDirDistance = Integer.MAX_VALUE;
        for (String q : ctx.queryFiles()) {
            String qExt = extension(q);
            sink.category("kind.q.ext", qExt);
            sink.category("kind.q.top", top(q));
            sameExt |= qExt.equals(cExt);
            String qDir = folder(q);
            sameDir |= qDir.equals(cDir);
            minDirDistance = Math.min(minDirDistance, folderDistance(qDir, cDir));
        }
        sink.flag("kind.same_ext", sameExt);
        sink.flag("kind.same_folder", sameDir);
        sink.put("kind.folder_distance_log", Math.log1p(minDirDistance));
    }

    static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "(none)";
    }

    static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String top(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? "(root)" : path.substring(0, slash);
    }

    /** Number of folder steps from one folder to the other through their common ancestor. */
    static int folderDistance(String a, String b) {
        String[] pa = a.isEmpty() ? new String[0] : a.split("/");
        String[] pb = b.isEmpty() ? new String[0] : b.split("/");
        int common = 0;
        while (common < pa.length && common < pb.length && pa[common].equals(pb[common])) {
            common++;
        }
        return (pa.length - common) + (pb.length - common);
    }

    @Override
    public String id() {
        return "builtin.kind";
    }
}
