/**
 * PDF documents with Chinese text, for every service that renders one (the retrospective report, the Gantt chart).
 *
 * <p>Flowing documents: {@link dev.gantry.common.pdf.PdfReport#a4(String)}, add headings, paragraphs, key/value
 * lines and tables, then {@code toBytes()}; wide drawings go on a page of their own with
 * {@link dev.gantry.common.pdf.PdfReport#drawnPage}. Drawing with PDFBox directly: embed the bundled font with
 * {@link dev.gantry.common.pdf.CjkFont#embedIn} and pass text through {@code printable()}. Tests read the text back with
 * {@link dev.gantry.common.pdf.PdfText#extract(byte[])}.
 *
 * <p>The font is WenQuanYi Micro Hei (Debian's fonts-wqy-microhei), used under Apache-2.0; its copyright file ships
 * next to it in {@code dev/gantry/common/pdf/fonts/}.
 */
package dev.gantry.common.pdf;
