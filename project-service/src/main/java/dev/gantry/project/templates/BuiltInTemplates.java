package dev.gantry.project.templates;

import java.util.List;

import dev.gantry.project.templates.TemplateDefinition.ApprovalRule;
import dev.gantry.project.templates.TemplateDefinition.Approver;
import dev.gantry.project.templates.TemplateDefinition.ChecklistItem;
import dev.gantry.project.templates.TemplateDefinition.Stage;

/** The templates every tenant starts with; a tenant clones one to adapt it. */
final class BuiltInTemplates {

    record BuiltIn(String id, String name, String description, TemplateDefinition definition) {
    }

    private static final ApprovalRule MANAGER_SIGN_OFF = new ApprovalRule("ANY_OF",
            List.of(Approver.ofRole("MANAGER")), false);
    private static final ApprovalRule QA_AND_OPS = new ApprovalRule("ALL_OF",
            List.of(Approver.ofDuty("QA"), Approver.ofDuty("OPS")), false);

    static final BuiltIn STANDARD_RELEASE = new BuiltIn("standard-release", "标准发布 Standard release",
            "开发 Dev → UAT 测试 → 灰度发布 Gray release → 全面上线 Full launch, with QA and OPS dual sign-off before "
                    + "the gray and the full launch.",
            new TemplateDefinition(List.of(
                    new Stage("dev", "开发 Dev", "MANAGER", null, null, 10, List.of(
                            item("代码评审完成 Code review done", "NONE"),
                            item("发布说明 Release notes written", "NOTE")), MANAGER_SIGN_OFF),
                    new Stage("uat", "UAT 测试", "MEMBER", null, null, 5, List.of(
                            item("测试报告 Test report attached", "ATTACHMENT"),
                            item("回归测试通过 Regression suite green", "NONE")),
                            new ApprovalRule("ANY_OF", List.of(Approver.ofDuty("QA")), false)),
                    new Stage("gray", "灰度发布 Gray release", "MEMBER", null, null, 2, List.of(
                            item("灰度比例与范围 Canary share and scope", "NOTE"),
                            new ChecklistItem("监控告警正常 Monitoring and alerts green", true, "SIGN_OFF",
                                    Approver.ofDuty("OPS"))), QA_AND_OPS),
                    new Stage("full", "全面上线 Full launch", "MANAGER", null, null, 1, List.of(
                            item("回滚预案 Rollback plan attached", "ATTACHMENT"),
                            item("全量发布完成 Full rollout done", "NONE")), QA_AND_OPS))));

    static final BuiltIn HOTFIX = new BuiltIn("hotfix", "紧急修复 Hotfix",
            "Fix → deploy, with QA and OPS sign-off before production; the manager may sign off their own fix.",
            new TemplateDefinition(List.of(
                    new Stage("fix", "修复 Fix", "MEMBER", null, null, 1, List.of(
                            item("根因说明 Root cause noted", "NOTE")),
                            new ApprovalRule("ANY_OF", List.of(Approver.ofRole("MANAGER")), true)),
                    new Stage("deploy", "上线 Deploy", "MANAGER", null, null, 1, List.of(
                            item("生产验证 Verified in production", "NOTE")), QA_AND_OPS))));

    static final BuiltIn ERP_CRM_ROLLOUT = new BuiltIn("erp-crm-rollout", "ERP/CRM 上线 ERP/CRM roll-out",
            "Requirements sign-off, data migration, user training, pilot and go-live of a business system.",
            new TemplateDefinition(List.of(
                    new Stage("requirements", "需求确认 Requirements sign-off", "MANAGER", null, null, 10, List.of(
                            item("需求规格说明书 Specification attached", "ATTACHMENT")),
                            new ApprovalRule("ANY_OF", List.of(Approver.ofDuty("PRODUCT")), false)),
                    new Stage("migration", "数据迁移 Data migration", "MEMBER", null, null, 5, List.of(
                            item("迁移演练记录 Migration rehearsal log", "ATTACHMENT"),
                            item("数据核对 Data reconciled", "NOTE")),
                            new ApprovalRule("ALL_OF", List.of(Approver.ofDuty("DBA"), Approver.ofDuty("OPS")), false)),
                    new Stage("training", "用户培训 User training", "MEMBER", null, null, 5, List.of(
                            item("培训签到表 Attendance list", "ATTACHMENT")),
                            new ApprovalRule("ANY_OF", List.of(Approver.ofDuty("PRODUCT")), false)),
                    new Stage("pilot", "试运行 Pilot", "MEMBER", null, null, 10, List.of(
                            item("试运行问题清单 Pilot issue list closed", "NOTE")),
                            new ApprovalRule("ALL_OF", List.of(Approver.ofDuty("QA"), Approver.ofDuty("PRODUCT")),
                                    false)),
                    new Stage("go-live", "正式上线 Go-live", "MANAGER", null, null, 1, List.of(
                            item("切换方案 Cut-over plan attached", "ATTACHMENT"),
                            item("回退方案 Fallback plan noted", "NOTE")),
                            new ApprovalRule("ALL_OF", List.of(Approver.ofRole("MANAGER"), Approver.ofDuty("OPS")),
                                    false)))));

    static final List<BuiltIn> ALL = List.of(STANDARD_RELEASE, HOTFIX, ERP_CRM_ROLLOUT);

    private BuiltInTemplates() {
    }

    private static ChecklistItem item(String title, String evidence) {
        return new ChecklistItem(title, true, evidence, null);
    }
}
