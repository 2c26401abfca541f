package dev.gantry.deploy.images;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream (ustar headers, POSIX pax extended headers, GNU long names): enough for the image tarballs and
 * layer archives Jib writes, without a dependency. Each header's checksum is verified.
 */
final class TarStream {

    private static final int BLOCK = 512;

    /** One archive member; names are normalised (no leading "./" or "/", no trailing "/"). */
    record Entry(String name, char type, int mode, long uid, long gid, long mtime, long size) {
        boolean isFile() {
            return type == '0' || type == '\0';
        }

        boolean isDirectory() {
            return type == '5';
        }
    }

    @FunctionalInterface
    interface Visitor {
        /** {@code content} ends with the entry; it need not be read to the end. */
        void visit(Entry entry, InputStream content) throws IOException;
    }

    private TarStream() {
    }

    static void read(InputStream in, Visitor visitor) throws IOException {
        byte[] header = new byte[BLOCK];
        Map<String, String> pax = new HashMap<>();
        String longName = null;
        while (true) {
            int read = in.readNBytes(header, 0, BLOCK);
            if (read == 0) {
                return; // no end-of-archive blocks: lenient, as tar itself is
            }
            if (read < BLOCK) {
                throw new EOFException("truncated tar header");
            }
            if (allZero(header)) {
                return;
            }
            verifyChecksum(header);
            String name = string(header, 0, 100);
            if (string(header, 257, 6).startsWith("ustar")) {
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            int mode = (int) number(header, 100, 8);
            long uid = number(header, 108, 8);
            long gid = number(header, 116, 8);
            long size = number(header, 124, 12);
            long mtime = number(header, 136, 12);
            char type = (char) header[156];

            if (type == 'x' || type == 'g' || type == 'L') {
                byte[] data = readData(in, size);
                if (type == 'x') {
                    pax.putAll(parsePax(data));
                } else if (type == 'L') {
                    longName = string(data, 0, data.length);
                } // 'g' (global pax header): nothing Jib writes there matters here
                continue;
            }
            if (longName != null) {
                name = longName;
            }
            name = pax.getOrDefault("path", name);
            size = pax.containsKey("size") ? Long.parseLong(pax.get("size")) : size;
            mtime = pax.containsKey("mtime") ? new BigDecimal(pax.get("mtime")).longValue() : mtime;
            uid = pax.containsKey("uid") ? Long.parseLong(pax.get("uid")) : uid;
            gid = pax.containsKey("gid") ? Long.parseLong(pax.get("gid")) : gid;
            pax.clear();
            longName = null;

            Bounded content = new Bounded(in, size);
            visitor.visit(new Entry(normalise(name), type, mode, uid, gid, mtime, size), content);
            content.skipRest();
            in.skipNBytes(padding(size));
        }
    }

    private static String normalise(String name) {
        String result = name;
        while (result.startsWith("./") || result.startsWith("/")) {
            result = result.substring(result.indexOf('/') + 1);
        }
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("implausibly large tar extension header: " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("truncated tar extension header");
        }
        in.skipNBytes(padding(size));
        return data;
    }

    /** Records of the form "LENGTH key=value\n". */
    private static Map<String, String> parsePax(byte[] data) throws IOException {
        Map<String, String> records = new HashMap<>();
        int position = 0;
        while (position < data.length) {
            int space = position;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space == data.length) {
                throw new IOException("malformed pax header");
            }
            int length = Integer.parseInt(new String(data, position, space - position, StandardCharsets.US_ASCII));
            String record = new String(data, space + 1, length - (space - position) - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            records.put(record.substring(0, equals), record.substring(equals + 1));
            position += length;
        }
        return records;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] header) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        long recorded = number(header, 148, 8);
        if (sum != recorded) {
            throw new IOException("tar header checksum mismatch (" + sum + " != " + recorded + ")");
        }
    }

    private static String string(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** Octal, NUL/space terminated, or GNU base-256 when the first byte's high bit is set. */
    private static long number(byte[] bytes, int offset, int length) {
        if ((bytes[offset] & 0x80) != 0) {
            long value = bytes[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (bytes[i] & 0xff);
            }
            return value;
        }
        String text = string(bytes, offset, length).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    }

    /** The content of one entry: reading stops at its end; closing does nothing. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("truncated tar entry");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            in.skipNBytes(remaining);
            remaining = 0;
        }

        @Override
        public void close() {
        }
    }
}
