package dev.gantry.deploy.images;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Docker-format image tarball as {@code jib:buildTar} writes it: {@code manifest.json}, {@code config.json} and one
 * gzipped tar per layer. Each layer is read whole: its uncompressed digest, every entry, and the text of small
 * non-binary files (resources, Jib's classpath and main-class files).
 */
record ImageTarball(JsonNode manifest, JsonNode config, List<Layer> layers) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long SMALL_TEXT_LIMIT = 1 << 20;

    /** A layer in the image's order, named by Jib's history comment ("dependencies", "classes", ...). */
    record Layer(String name, String diffId, String computedDiffId, Map<String, TarStream.Entry> entries,
                 Map<String, String> texts) {

        List<String> files() {
            return entries.values().stream().filter(TarStream.Entry::isFile).map(TarStream.Entry::name).toList();
        }
    }

    private record Blob(String computedDiffId, Map<String, TarStream.Entry> entries, Map<String, String> texts) {
    }

    static ImageTarball read(Path tarball) throws IOException {
        Map<String, Blob> blobs = new HashMap<>();
        Map<String, byte[]> jsonFiles = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)) {
            TarStream.read(in, (entry, content) -> {
                if (entry.name().endsWith(".tar.gz")) {
                    blobs.put(entry.name(), readLayer(content));
                } else if (entry.name().endsWith(".json")) {
                    jsonFiles.put(entry.name(), content.readAllBytes());
                }
            });
        }
        JsonNode manifest = JSON.readTree(required(jsonFiles, "manifest.json"));
        if (!manifest.isArray() || manifest.size() != 1) {
            throw new IOException("manifest.json should describe exactly one image: " + manifest);
        }
        JsonNode config = JSON.readTree(required(jsonFiles, manifest.get(0).path("Config").asString()));

        List<String> names = new ArrayList<>();
        for (JsonNode history : config.path("history")) {
            if (!history.path("empty_layer").asBoolean(false)) {
                names.add(history.path("comment").asString(""));
            }
        }
        JsonNode layerFiles = manifest.get(0).path("Layers");
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        if (layerFiles.size() != names.size() || diffIds.size() != names.size()) {
            throw new IOException("layers, diff_ids and history disagree: " + layerFiles.size() + " layer files, "
                    + diffIds.size() + " diff_ids, " + names.size() + " non-empty history entries");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Blob blob = blobs.get(layerFiles.get(i).asString());
            if (blob == null) {
                throw new IOException("manifest names a layer the tarball lacks: " + layerFiles.get(i));
            }
            layers.add(new Layer(names.get(i), diffIds.get(i).asString(), blob.computedDiffId(), blob.entries(),
                    blob.texts()));
        }
        return new ImageTarball(manifest.get(0), config, List.copyOf(layers));
    }

    /** The configuration's "config" section (entrypoint, user, ports, environment, labels). */
    JsonNode containerConfig() {
        return config.path("config");
    }

    Layer layer(String name) {
        return layers.stream().filter(layer -> layer.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no layer named '" + name + "' in "
                        + layers.stream().map(Layer::name).toList()));
    }

    /** Every entry of every layer, by path (a later layer's entry wins, as in the container's file system). */
    Map<String, TarStream.Entry> fileSystem() {
        Map<String, TarStream.Entry> all = new LinkedHashMap<>();
        layers.forEach(layer -> all.putAll(layer.entries()));
        return all;
    }

    private static byte[] required(Map<String, byte[]> files, String name) throws IOException {
        byte[] content = files.get(name);
        if (content == null) {
            throw new IOException("the image tarball has no " + name + " (has " + files.keySet() + ")");
        }
        return content;
    }

    private static Blob readLayer(InputStream compressed) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, TarStream.Entry> entries = new LinkedHashMap<>();
        Map<String, String> texts = new HashMap<>();
        try (InputStream tar = new DigestInputStream(new GZIPInputStream(compressed, 1 << 16), sha256) {
            @Override
            public long skip(long n) throws IOException {
                // FilterInputStream.skip would pass the bytes by the digest: read them instead.
                byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
                int read = read(buffer, 0, buffer.length);
                return Math.max(read, 0);
            }
        }) {
            TarStream.read(tar, (entry, content) -> {
                entries.put(entry.name(), entry);
                if (entry.isFile() && entry.size() <= SMALL_TEXT_LIMIT && !entry.name().endsWith(".jar")
                        && !entry.name().endsWith(".class")) {
                    texts.put(entry.name(), new String(content.readAllBytes(), StandardCharsets.UTF_8));
                }
            });
            tar.transferTo(OutputStream.nullOutputStream()); // the end-of-archive blocks count in the digest
        }
        return new Blob("sha256:" + HexFormat.of().formatHex(sha256.digest()), entries, texts);
    }
}
