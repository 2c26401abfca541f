package dev.gantry.common.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;

class PdfReportTest {

    @Test
    void chineseTextSurvivesRenderingAndExtraction() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("发布 Release", "PAY 2.4.0");
        facts.put("状态 Status", "已完成 COMPLETED");

        byte[] pdf = PdfReport.a4("上线回顾报告 Retrospective")
                .heading("阶段 Stages")
                .paragraph("灰度发布 took two days longer than planned; 全面上线 went smoothly.")
                .keyValues(facts)
                .table(List.of("阶段 Stage", "计划 Planned", "实际 Actual"),
                        List.of(List.of("开发 Dev", "2026-01-01", "2026-01-03"),
                                List.of("UAT 测试", "2026-01-05", "2026-01-05")))
                .toBytes();

        String text = PdfText.extract(pdf);
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        assertThat(text).contains("上线回顾报告", "阶段 Stages", "灰度发布", "全面上线", "已完成 COMPLETED", "开发 Dev",
                "UAT 测试");
    }

    @Test
    void embedsOnlyTheGlyphsUsed() {
        byte[] pdf = PdfReport.a4("上线回顾报告").paragraph("一页").toBytes();

        // the whole font is 5 MB; a subset of a handful of glyphs is a few kilobytes
        assertThat(pdf.length).isLessThan(100_000);
    }

    @Test
    void replacesCharactersTheFontCannotDrawInsteadOfFailing() {
        byte[] pdf = PdfReport.a4("Emoji 🚀 and a tab\there").paragraph("bell\u0007 zero\u200Bwidth").toBytes();

        String text = PdfText.extract(pdf);
        assertThat(text).contains("Emoji ? and a tab here", "bell zerowidth");
    }

    @Test
    void paginatesLongTablesAndRepeatsTheHeader() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(List.of("检查项 item " + i, "完成 done"));
        }

        byte[] pdf = PdfReport.a4("检查清单").table(List.of("项目 Item", "状态 State"), rows).toBytes();

        assertThat(PdfText.pageCount(pdf)).isGreaterThan(3);
        String text = PdfText.extract(pdf);
        assertThat(text).contains("检查项 item 0", "检查项 item 299");
        assertThat(text.split("项目 Item", -1).length - 1).isEqualTo(PdfText.pageCount(pdf));
    }

    @Test
    void wrapsLongLinesWithinThePage() {
        String longChinese = "上线".repeat(200);
        byte[] pdf = PdfReport.a4("Wrap").paragraph(longChinese).paragraph("word ".repeat(200)).toBytes();

        String text = PdfText.extract(pdf).replaceAll("\\s+", "");
        assertThat(text).contains(longChinese);
        assertThat(text).contains("word".repeat(200));
    }

    @Test
    void drawnPagesUseTheSameFont() {
        byte[] pdf = PdfReport.a4("甘特图 Gantt")
                .drawnPage(PdfReport.A4_LANDSCAPE, (content, font, page) -> {
                    content.addRect(100, 300, 200, 20);
                    content.fill();
                    content.beginText();
                    content.setFont(font.pdFont(), 12);
                    content.newLineAtOffset(100, 330);
                    content.showText(font.printable("任务 A 关键路径"));
                    content.endText();
                })
                .toBytes();

        assertThat(PdfText.pageCount(pdf)).isEqualTo(2);
        assertThat(PdfText.extract(pdf)).contains("任务 A 关键路径");
    }

    @Test
    void theFontCanBeEmbeddedInADocumentDrawnDirectly() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument document = new PDDocument(); CjkFont font = CjkFont.embedIn(document)) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(font.pdFont(), 12);
                content.newLineAtOffset(50, 780);
                content.showText(font.printable("里程碑 Milestone"));
                content.endText();
            }
            document.save(out);
        }

        assertThat(PdfText.extract(out.toByteArray())).contains("里程碑 Milestone");
    }

    @Test
    void rejectsRowsThatDoNotMatchTheHeader() {
        assertThatThrownBy(() -> PdfReport.a4("x").table(List.of("a", "b"), List.of(List.of("only one"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
