package dev.gantry.common.pdf;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/** Draws one page of a {@link PdfReport} freely (charts, Gantt bars) with PDFBox and the bundled CJK font. */
@FunctionalInterface
public interface PageDrawer {

    /**
     * @param content the page's content stream, origin at the bottom left, units in points
     * @param font    the embedded CJK font; pass text through {@link CjkFont#printable(String)}
     * @param page    the page's size
     */
    void draw(PDPageContentStream content, CjkFont font, PDRectangle page) throws IOException;
}
