package dev.gantry.project.release;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.gantry.common.pdf.PdfReport;

/**
 * The retrospective as documents people download: a PDF (Chinese text rendered with common-pdf's bundled font) and
 * Markdown. Both have the same sections in the same order.
 */
public final class RetrospectiveDocuments {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private RetrospectiveDocuments() {
    }

    public static String title(Retrospective r) {
        return "上线回顾报告 Retrospective: " + r.projectKey() + " " + r.name() + " " + r.version();
    }

    public static byte[] pdf(Retrospective r) {
        PdfReport pdf = PdfReport.a4(title(r)).created(r.generatedAt());
        pdf.keyValues(summary(r));
        pdf.heading("阶段 Stages: planned vs actual");
        pdf.table(STAGE_HEADERS, stageRows(r));
        pdf.heading("驳回 Rejections (" + r.rejections().size() + ")");
        if (r.rejections().isEmpty()) {
            pdf.paragraph("None.");
        } else {
            pdf.table(REJECTION_HEADERS, rejectionRows(r));
        }
        pdf.heading("检查项证据 Checklist evidence (" + r.checklist().size() + ")");
        pdf.table(EVIDENCE_HEADERS, evidenceRows(r));
        pdf.heading("事故 Incidents (" + r.incidents().size() + ")");
        if (r.incidents().isEmpty()) {
            pdf.paragraph("None noted.");
        } else {
            pdf.table(INCIDENT_HEADERS, incidentRows(r));
        }
        return pdf.toBytes();
    }

    public static String markdown(Retrospective r) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(escape(title(r))).append("\n\n");
        summary(r).forEach((k, v) -> md.append("- **").append(escape(k)).append("**: ").append(escape(v)).append('\n'));
        md.append("\n## 阶段 Stages: planned vs actual\n\n");
        table(md, STAGE_HEADERS, stageRows(r));
        md.append("\n## 驳回 Rejections (").append(r.rejections().size()).append(")\n\n");
        if (r.rejections().isEmpty()) {
            md.append("None.\n");
        } else {
            table(md, REJECTION_HEADERS, rejectionRows(r));
        }
        md.append("\n## 检查项证据 Checklist evidence (").append(r.checklist().size()).append(")\n\n");
        table(md, EVIDENCE_HEADERS, evidenceRows(r));
        md.append("\n## 事故 Incidents (").append(r.incidents().size()).append(")\n\n");
        if (r.incidents().isEmpty()) {
            md.append("None noted.\n");
        } else {
            table(md, INCIDENT_HEADERS, incidentRows(r));
        }
        return md.toString();
    }

    private static final List<String> STAGE_HEADERS = List.of("阶段 Stage", "状态 Status", "计划 Planned",
            "实际 Actual", "偏差 Slip (days)", "审批轮次 Rounds", "审批等待 Waiting");
    private static final List<String> REJECTION_HEADERS = List.of("阶段 Stage", "轮次 Round", "审批人 Approver",
            "原因 Reason", "时间 At");
    private static final List<String> EVIDENCE_HEADERS = List.of("阶段 Stage", "检查项 Item", "完成 Done",
            "证据 Evidence", "完成人 By", "时间 At");
    private static final List<String> INCIDENT_HEADERS = List.of("级别 Severity", "事故 Incident", "说明 Description",
            "记录人 Noted by", "时间 At");

    private static Map<String, String> summary(Retrospective r) {
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("项目 Project", r.projectKey());
        summary.put("发布 Release", r.name() + " " + r.version());
        summary.put("状态 Status", r.status().name() + (r.endReason() == null ? "" : " (" + r.endReason() + ")"));
        summary.put("计划日期 Planned date", r.plannedDate() == null ? "-" : r.plannedDate().toString());
        summary.put("开始 Started", time(r.startedAt()));
        summary.put("结束 Ended", time(r.endedAt()));
        summary.put("审批等待合计 Time waiting for approvals", duration(r.approvalWaitSeconds()));
        summary.put("审批决定 Decisions", Integer.toString(r.approvals()));
        summary.put("生成时间 Generated", time(r.generatedAt()));
        return summary;
    }

    private static List<List<String>> stageRows(Retrospective r) {
        return r.stages().stream().map(s -> List.of(s.name(), s.status().name(),
                s.plannedStart() + " → " + s.plannedEnd(),
                time(s.actualStart()) + " → " + time(s.actualEnd()),
                s.slipDays() == null ? "-" : String.valueOf(s.slipDays()), String.valueOf(s.approvalRounds()),
                duration(s.approvalWaitSeconds()))).toList();
    }

    private static List<List<String>> rejectionRows(Retrospective r) {
        return r.rejections().stream().map(x -> List.of(x.stage(), String.valueOf(x.round()),
                x.approverId().toString(), Objects.toString(x.reason(), ""), time(x.at()))).toList();
    }

    private static List<List<String>> evidenceRows(Retrospective r) {
        List<List<String>> rows = new ArrayList<>();
        for (Retrospective.EvidenceReport e : r.checklist()) {
            String evidence = e.evidence() + (e.note() == null ? "" : ": " + e.note())
                    + (e.attachmentRef() == null ? "" : " [" + e.attachmentRef() + "]");
            rows.add(List.of(e.stage(), e.title() + (e.mandatory() ? " *" : ""), e.done() ? "✓" : "✗", evidence,
                    e.completedBy() == null ? "-" : e.completedBy().toString(), time(e.completedAt())));
        }
        return rows;
    }

    private static List<List<String>> incidentRows(Retrospective r) {
        return r.incidents().stream().map(i -> List.of(i.severity(), i.title(),
                Objects.toString(i.description(), ""), i.notedBy().toString(), time(i.notedAt()))).toList();
    }

    private static void table(StringBuilder md, List<String> headers, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", headers.stream().map(RetrospectiveDocuments::escape).toList()))
                .append(" |\n|");
        headers.forEach(h -> md.append(" --- |"));
        md.append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(RetrospectiveDocuments::escape).toList()))
                    .append(" |\n");
        }
    }

    /** Markdown-safe cell or line: pipes, emphasis and HTML characters escaped, line breaks folded. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
                .replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`").replaceAll("\\r?\\n", " ");
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    private static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? d.toHours() + "h " + d.toMinutesPart() + "m"
                : d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s" : seconds + "s";
    }
}
