package dev.gantry.task.schedule;

import java.awt.Color;
import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

import dev.gantry.common.pdf.CjkFont;
import dev.gantry.common.pdf.PdfReport;

/**
 * A schedule as a PDF: a Gantt chart (one bar per task from earliest start to earliest finish, critical tasks in red,
 * float as a thin line up to the latest finish), then the table of dates. Chinese titles render with the bundled font.
 */
final class GanttChart {

    static final int MAX_TASKS = 1_000;
    private static final int ROWS_PER_PAGE = 32;
    private static final float MARGIN = 36;
    private static final float LABEL_WIDTH = 220;
    private static final float ROW_HEIGHT = 15;

    private GanttChart() {
    }

    static byte[] render(String projectKey, Schedule schedule) {
        PdfReport report = PdfReport.a4("甘特图 Gantt " + projectKey);
        report.keyValues(new java.util.LinkedHashMap<>(java.util.Map.of(
                "Start 开始", schedule.start().toString(), "Finish 完成", schedule.finish().toString(),
                "Tasks 任务", Integer.toString(schedule.tasks().size()),
                "Critical path 关键路径", Integer.toString(schedule.criticalPath().size()))));
        List<Schedule.ScheduledTask> tasks = schedule.tasks();
        for (int from = 0; from < tasks.size(); from += ROWS_PER_PAGE) {
            List<Schedule.ScheduledTask> page = tasks.subList(from, Math.min(tasks.size(), from + ROWS_PER_PAGE));
            report.drawnPage(PdfReport.A4_LANDSCAPE, (content, font, size) -> draw(content, font, size, schedule, page));
        }
        report.heading("Dates 日期");
        report.table(List.of("Key", "Title 标题", "Early start", "Early finish", "Late finish", "Float", "Critical"),
                tasks.stream().map(t -> List.of(t.key(), t.title(), t.earlyStart().toString(),
                        t.earlyFinish().toString(), t.lateFinish().toString(), Integer.toString(t.totalFloat()),
                        t.critical() ? "yes 是" : "")).toList());
        return report.toBytes();
    }

    private static void draw(PDPageContentStream content, CjkFont font, PDRectangle size, Schedule schedule,
            List<Schedule.ScheduledTask> rows) throws IOException {
        LocalDate start = schedule.start();
        long days = Math.max(1, ChronoUnit.DAYS.between(start, schedule.finish()) + 1);
        float chartLeft = MARGIN + LABEL_WIDTH;
        float chartWidth = size.getWidth() - chartLeft - MARGIN;
        float dayWidth = chartWidth / days;
        float top = size.getHeight() - MARGIN;

        text(content, font, MARGIN, top, 10, start + " → " + schedule.finish());
        float y = top - 2 * ROW_HEIGHT;
        for (Schedule.ScheduledTask task : rows) {
            String label = task.key() + " " + task.title();
            text(content, font, MARGIN, y + 3, 8, fit(font, font.printable(label), LABEL_WIDTH - 6, 8));
            float x = chartLeft + ChronoUnit.DAYS.between(start, task.earlyStart()) * dayWidth;
            float end = chartLeft + (ChronoUnit.DAYS.between(start, task.earlyFinish()) + 1) * dayWidth;
            float lateEnd = chartLeft + (ChronoUnit.DAYS.between(start, task.lateFinish()) + 1) * dayWidth;
            content.setNonStrokingColor(task.critical() ? new Color(200, 40, 40) : new Color(60, 110, 190));
            content.addRect(x, y, Math.max(1.5f, end - x), ROW_HEIGHT - 5);
            content.fill();
            if (lateEnd > end) {
                content.setStrokingColor(Color.GRAY);
                content.moveTo(end, y + (ROW_HEIGHT - 5) / 2);
                content.lineTo(lateEnd, y + (ROW_HEIGHT - 5) / 2);
                content.stroke();
            }
            y -= ROW_HEIGHT;
        }
        content.setNonStrokingColor(Color.BLACK);
    }

    private static void text(PDPageContentStream content, CjkFont font, float x, float y, float size, String text)
            throws IOException {
        content.setNonStrokingColor(Color.BLACK);
        content.beginText();
        content.setFont(font.pdFont(), size);
        content.newLineAtOffset(x, y);
        content.showText(font.printable(text));
        content.endText();
    }

    private static String fit(CjkFont font, String text, float width, float size) {
        String fitted = text;
        while (fitted.length() > 1 && font.width(fitted, size) > width) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        return fitted;
    }
}
