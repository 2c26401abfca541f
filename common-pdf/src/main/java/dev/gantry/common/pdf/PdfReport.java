package dev.gantry.common.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A simple flowing document with Chinese text: title, headings, paragraphs, key/value lists and tables on A4 pages,
 * wrapped and paginated, plus pages you draw yourself. Collect the blocks, then {@link #toBytes()} renders them.
 *
 * <pre>{@code
 * byte[] pdf = PdfReport.a4("上线回顾报告 Retrospective")
 *         .heading("阶段 Stages")
 *         .paragraph("灰度发布 took two days longer than planned.")
 *         .keyValues(Map.of("Release", "PAY 2.4.0"))
 *         .table(List.of("Stage", "Planned", "Actual"), List.of(List.of("开发 Dev", "2026-01-01", "2026-01-03")))
 *         .drawnPage(PdfReport.A4_LANDSCAPE, (cs, font, page) -> { ... })
 *         .toBytes();
 * }</pre>
 * A builder is not thread-safe; {@code toBytes()} may be called more than once.
 */
public final class PdfReport {

    /** A4 portrait, the default page of flowing content. */
    public static final PDRectangle A4 = PDRectangle.A4;
    /** A4 landscape, for wide drawn pages such as a Gantt chart. */
    public static final PDRectangle A4_LANDSCAPE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());

    static final float MARGIN = 50;
    static final float TITLE_SIZE = 18;
    static final float HEADING_SIZE = 13;
    static final float BODY_SIZE = 10;
    static final float TABLE_SIZE = 9;
    static final float LEADING = 1.45f;
    static final float CELL_PADDING = 3;

    private sealed interface Block permits Title, Heading, Paragraph, KeyValues, Table, PageBreak, Drawn {
    }

    private record Title(String text) implements Block {
    }

    private record Heading(String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record KeyValues(List<Map.Entry<String, String>> entries) implements Block {
    }

    private record Table(List<String> headers, List<List<String>> rows) implements Block {
    }

    private record PageBreak() implements Block {
    }

    private record Drawn(PDRectangle size, PageDrawer drawer) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();
    private Instant created;

    private PdfReport(String title) {
        this.title = Objects.requireNonNull(title, "title");
        blocks.add(new Title(title));
    }

    /** A document on A4 pages that starts with {@code title} (also the PDF's metadata title). */
    public static PdfReport a4(String title) {
        return new PdfReport(title);
    }

    /** Sets the PDF's creation date (metadata), e.g. from an injected clock; unset, none is written. */
    public PdfReport created(Instant created) {
        this.created = created;
        return this;
    }

    /** A section heading; it never ends up alone at the bottom of a page. */
    public PdfReport heading(String text) {
        blocks.add(new Heading(text));
        return this;
    }

    /** A wrapped paragraph; line breaks in {@code text} start new lines. */
    public PdfReport paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    /** "key: value" lines, in the map's iteration order (pass a LinkedHashMap to keep an order). */
    public PdfReport keyValues(Map<String, String> entries) {
        blocks.add(new KeyValues(List.copyOf(entries.entrySet().stream()
                .map(e -> Map.entry(nullToEmpty(e.getKey()), nullToEmpty(e.getValue())))
                .toList())));
        return this;
    }

    /**
     * A table with a header row repeated on every page it spans; cells wrap. Each row must have as many cells as
     * there are headers; column widths follow the content.
     */
    public PdfReport table(List<String> headers, List<List<String>> rows) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        List<List<String>> copied = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " cells, table has " + headers.size()
                        + " columns");
            }
            copied.add(row.stream().map(PdfReport::nullToEmpty).toList());
        }
        blocks.add(new Table(headers.stream().map(PdfReport::nullToEmpty).toList(), copied));
        return this;
    }

    /** Continues on a new page. */
    public PdfReport pageBreak() {
        blocks.add(new PageBreak());
        return this;
    }

    /** A page of {@code size} drawn by {@code drawer}; flowing content continues on the page after it. */
    public PdfReport drawnPage(PDRectangle size, PageDrawer drawer) {
        blocks.add(new Drawn(Objects.requireNonNull(size), Objects.requireNonNull(drawer)));
        return this;
    }

    /** Renders the document. */
    public byte[] toBytes() {
        try (PDDocument document = new PDDocument(); CjkFont font = CjkFont.embedIn(document)) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(title);
            info.setProducer("Gantry");
            if (created != null) {
                Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
                calendar.setTimeInMillis(created.toEpochMilli());
                info.setCreationDate(calendar);
            }
            try (Layout layout = new Layout(document, font)) {
                for (Block block : blocks) {
                    layout.render(block);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render PDF " + title, e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Splits text into lines no wider than {@code maxWidth}: at spaces between words, anywhere between CJK characters. */
    static List<String> wrap(CjkFont font, String text, float size, float maxWidth) {
        List<String> lines = new ArrayList<>();
        for (String rawLine : nullToEmpty(text).split("\r?\n", -1)) {
            String line = font.printable(rawLine);
            if (line.isEmpty()) {
                lines.add("");
                continue;
            }
            StringBuilder current = new StringBuilder();
            for (String token : tokens(line)) {
                String candidate = current + token;
                if (font.width(candidate, size) <= maxWidth) {
                    current.append(token);
                    continue;
                }
                if (!current.isEmpty()) {
                    lines.add(current.toString().stripTrailing());
                    current.setLength(0);
                }
                if (token.isBlank()) {
                    continue;
                }
                // a single token wider than the line (a long URL): break it character by character
                for (int i = 0; i < token.length(); ) {
                    int cp = token.codePointAt(i);
                    String ch = new String(Character.toChars(cp));
                    if (!current.isEmpty() && font.width(current + ch, size) > maxWidth) {
                        lines.add(current.toString());
                        current.setLength(0);
                    }
                    current.append(ch);
                    i += Character.charCount(cp);
                }
            }
            lines.add(current.toString().stripTrailing());
        }
        return lines;
    }

    /** Words with their trailing spaces, and every CJK character as a token of its own. */
    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        line.codePoints().forEach(cp -> {
            if (isCjk(cp)) {
                if (!word.isEmpty()) {
                    tokens.add(word.toString());
                    word.setLength(0);
                }
                tokens.add(new String(Character.toChars(cp)));
            } else if (cp == ' ') {
                word.append(' ');
                tokens.add(word.toString());
                word.setLength(0);
            } else {
                word.appendCodePoint(cp);
            }
        });
        if (!word.isEmpty()) {
            tokens.add(word.toString());
        }
        return tokens;
    }

    private static boolean isCjk(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }

    /** The cursor over the flowing pages. */
    private static final class Layout implements AutoCloseable {

        private final PDDocument document;
        private final CjkFont font;
        private PDPageContentStream content;
        private float y;

        Layout(PDDocument document, CjkFont font) {
            this.document = document;
            this.font = font;
        }

        void render(Block block) throws IOException {
            switch (block) {
                case Title t -> {
                    text(t.text(), TITLE_SIZE, 0);
                    y -= BODY_SIZE;
                }
                case Heading h -> {
                    y -= HEADING_SIZE * 0.6f;
                    // keep the heading with at least two lines of what follows
                    ensureSpace(HEADING_SIZE * LEADING + 2 * BODY_SIZE * LEADING);
                    text(h.text(), HEADING_SIZE, 0);
                    y -= 2;
                }
                case Paragraph p -> {
                    text(p.text(), BODY_SIZE, 0);
                    y -= BODY_SIZE * 0.5f;
                }
                case KeyValues kv -> {
                    for (Map.Entry<String, String> e : kv.entries()) {
                        text(e.getKey() + ": " + e.getValue(), BODY_SIZE, 0);
                    }
                    y -= BODY_SIZE * 0.5f;
                }
                case Table t -> table(t);
                case PageBreak ignored -> newPage();
                case Drawn d -> {
                    closeContent();
                    PDPage page = new PDPage(d.size());
                    document.addPage(page);
                    try (PDPageContentStream cs = new PDPageContentStream(document, page)) {
                        d.drawer().draw(cs, font, d.size());
                    }
                }
            }
        }

        private void text(String text, float size, float indent) throws IOException {
            float width = A4.getWidth() - 2 * MARGIN - indent;
            for (String line : wrap(font, text, size, width)) {
                ensureSpace(size * LEADING);
                y -= size * LEADING;
                showText(line, MARGIN + indent, y + size * (LEADING - 1), size);
            }
        }

        private void table(Table table) throws IOException {
            float available = A4.getWidth() - 2 * MARGIN;
            float[] widths = columnWidths(table, available);
            float lineHeight = TABLE_SIZE * LEADING;
            // a row never grows past one page: what does not fit is cut with an ellipsis
            int maxLines = (int) ((A4.getHeight() - 2 * MARGIN - lineHeight * 3) / lineHeight);
            List<List<String>> header = wrapRow(table.headers(), widths, maxLines);
            ensureSpace(rowHeight(header) * 2);
            drawRow(header, widths, true);
            for (List<String> row : table.rows()) {
                List<List<String>> cells = wrapRow(row, widths, maxLines);
                if (y - rowHeight(cells) < MARGIN) {
                    newPage();
                    drawRow(header, widths, true);
                }
                drawRow(cells, widths, false);
            }
            y -= BODY_SIZE * 0.8f;
        }

        private float[] columnWidths(Table table, float available) {
            int columns = table.headers().size();
            float[] natural = new float[columns];
            for (int c = 0; c < columns; c++) {
                natural[c] = font.width(font.printable(table.headers().get(c)), TABLE_SIZE);
                for (List<String> row : table.rows()) {
                    natural[c] = Math.max(natural[c], font.width(font.printable(row.get(c)), TABLE_SIZE));
                }
                natural[c] += 2 * CELL_PADDING;
            }
            float total = 0;
            for (float w : natural) {
                total += w;
            }
            float[] widths = new float[columns];
            if (total <= available) {
                // spread the spare room evenly
                for (int c = 0; c < columns; c++) {
                    widths[c] = natural[c] + (available - total) / columns;
                }
                return widths;
            }
            // too wide: every column gets a fair minimum, the rest in proportion to its content
            float minimum = Math.min(available / columns, 60);
            float spare = available - minimum * columns;
            float excess = 0;
            for (float w : natural) {
                excess += Math.max(0, w - minimum);
            }
            for (int c = 0; c < columns; c++) {
                widths[c] = minimum + (excess == 0 ? 0 : spare * Math.max(0, natural[c] - minimum) / excess);
            }
            return widths;
        }

        private List<List<String>> wrapRow(List<String> row, float[] widths, int maxLines) {
            List<List<String>> cells = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                List<String> lines = wrap(font, row.get(c), TABLE_SIZE, widths[c] - 2 * CELL_PADDING);
                if (lines.size() > maxLines) {
                    lines = new ArrayList<>(lines.subList(0, maxLines));
                    lines.set(maxLines - 1, lines.get(maxLines - 1) + "…");
                }
                cells.add(lines);
            }
            return cells;
        }

        private static float rowHeight(List<List<String>> cells) {
            int lines = 1;
            for (List<String> cell : cells) {
                lines = Math.max(lines, cell.size());
            }
            return lines * TABLE_SIZE * LEADING + 2 * CELL_PADDING;
        }

        private void drawRow(List<List<String>> cells, float[] widths, boolean header) throws IOException {
            float height = rowHeight(cells);
            ensureSpace(height);
            float x = MARGIN;
            if (header) {
                content.setNonStrokingColor(0.92f, 0.92f, 0.92f);
                content.addRect(MARGIN, y - height, sum(widths), height);
                content.fill();
                content.setNonStrokingColor(0f, 0f, 0f);
            }
            content.setLineWidth(0.4f);
            for (int c = 0; c < cells.size(); c++) {
                content.addRect(x, y - height, widths[c], height);
                float lineY = y - CELL_PADDING - TABLE_SIZE;
                for (String line : cells.get(c)) {
                    showText(line, x + CELL_PADDING, lineY, TABLE_SIZE);
                    lineY -= TABLE_SIZE * LEADING;
                }
                x += widths[c];
            }
            content.stroke();
            y -= height;
        }

        private static float sum(float[] values) {
            float total = 0;
            for (float v : values) {
                total += v;
            }
            return total;
        }

        private void showText(String printable, float x, float baseline, float size) throws IOException {
            if (printable.isEmpty()) {
                return;
            }
            content.beginText();
            content.setFont(font.pdFont(), size);
            content.newLineAtOffset(x, baseline);
            content.showText(printable);
            content.endText();
        }

        private void ensureSpace(float height) throws IOException {
            if (content == null || y - height < MARGIN) {
                newPage();
            }
        }

        private void newPage() throws IOException {
            closeContent();
            PDPage page = new PDPage(A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = A4.getHeight() - MARGIN;
        }

        private void closeContent() throws IOException {
            if (content != null) {
                content.close();
                content = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (content == null && document.getNumberOfPages() == 0) {
                newPage();
            }
            closeContent();
        }
    }
}
