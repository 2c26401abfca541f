package dev.gantry.common.pdf;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0 / GPLv3 with font exception) embedded into one PDF document.
 *
 * <p>Use it when drawing with PDFBox directly (e.g. a Gantt chart):
 * <pre>{@code
 * try (PDDocument doc = new PDDocument(); CjkFont font = CjkFont.embedIn(doc)) {
 *     PDPage page = new PDPage(PDRectangle.A4);
 *     doc.addPage(page);
 *     try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
 *         cs.beginText();
 *         cs.setFont(font.pdFont(), 12);
 *         cs.newLineAtOffset(50, 780);
 *         cs.showText(font.printable("甘特图 Gantt"));
 *         cs.endText();
 *     }
 *     doc.save(out); // before the font is closed: the subset is written on save
 * }
 * }</pre>
 * Only the glyphs used are embedded (a subset), so a one-page document stays small. Text must go through
 * {@link #printable(String)}: PDFBox throws for characters the font has no glyph for (emoji, rare scripts) and for
 * control characters, and a report must never fail because of a user's text.
 */
public final class CjkFont implements Closeable {

    static final String RESOURCE = "/dev/gantry/common/pdf/fonts/wqy-microhei.ttc";
    static final String FONT_NAME = "WenQuanYiMicroHei";

    /** Read once: parsing is cheap, reading 5 MB from the jar for every document is not. */
    private static volatile byte[] fontBytes;

    private final TrueTypeCollection collection;
    private final PDType0Font font;
    private final CmapLookup cmap;

    private CjkFont(TrueTypeCollection collection, PDType0Font font, CmapLookup cmap) {
        this.collection = collection;
        this.font = font;
        this.cmap = cmap;
    }

    /** Embeds the font (as a subset of the glyphs used) into {@code document}; close it after saving the document. */
    public static CjkFont embedIn(PDDocument document) {
        TrueTypeCollection collection = null;
        try {
            collection = new TrueTypeCollection(new ByteArrayInputStream(bytes()));
            TrueTypeFont ttf = collection.getFontByName(FONT_NAME);
            if (ttf == null) {
                throw new IllegalStateException("font " + FONT_NAME + " missing from " + RESOURCE);
            }
            return new CjkFont(collection, PDType0Font.load(document, ttf, true), ttf.getUnicodeCmapLookup());
        } catch (IOException e) {
            closeQuietly(collection);
            throw new UncheckedIOException("cannot load the bundled CJK font", e);
        }
    }

    /** The PDFBox font to pass to {@code PDPageContentStream.setFont}. */
    public PDFont pdFont() {
        return font;
    }

    /**
     * {@code text} with every character the font cannot draw replaced: tabs and line breaks by a space, other control
     * characters dropped, characters without a glyph by '?'. Null becomes "".
     */
    public String printable(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t' || cp == '\n' || cp == '\r') {
                out.append(' ');
            } else if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                // zero-width joiners, BOMs and the like: invisible anyway
            } else if (cmap.getGlyphId(cp) == 0) {
                out.append('?');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** Width in points of already {@linkplain #printable(String) printable} text at {@code size}. */
    public float width(String printableText, float size) {
        try {
            return font.getStringWidth(printableText) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Releases the parsed font; call after the document was saved. */
    @Override
    public void close() {
        closeQuietly(collection);
    }

    private static byte[] bytes() throws IOException {
        byte[] bytes = fontBytes;
        if (bytes == null) {
            try (InputStream in = CjkFont.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("bundled font " + RESOURCE + " not on the classpath");
                }
                bytes = in.readAllBytes();
            }
            fontBytes = bytes;
        }
        return bytes;
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // in-memory font: nothing can leak
            }
        }
    }
}
