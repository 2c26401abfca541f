package dev.gantry.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.events.projects.MilestoneEvents;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseStageApproved;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.events.tasks.TaskUpdated;
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.events.users.UserCreated;
import dev.gantry.events.users.UserEvents;
import dev.gantry.events.users.UserProfile;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class EventCatalogueTest {

    private static final List<Class<?>> CATALOGUES = List.of(ProjectEvents.class, ReleaseEvents.class,
            MilestoneEvents.class, TaskEvents.class, UserEvents.class);

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyEventTypeHasItsOwnNameAndTravelsOnItsOwnersTopic() throws IllegalAccessException {
        Set<String> names = new HashSet<>();
        for (Class<?> catalogue : CATALOGUES) {
            for (EventType<?> type : typesOf(catalogue)) {
                assertThat(names.add(type.name())).as("duplicate event type %s", type.name()).isTrue();
                String expectedTopic = catalogue == TaskEvents.class ? Topics.TASKS
                        : catalogue == UserEvents.class ? Topics.USERS : Topics.PROJECTS;
                assertThat(type.topic()).as(type.name()).isEqualTo(expectedTopic);
                assertThat(type.payload().isRecord()).as(type.name()).isTrue();
            }
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void taskStateSurvivesTheWireWithItsStageLinkAndCustomFields() {
        UUID stage = UUID.randomUUID();
        TaskState task = new TaskState(UUID.randomUUID(), UUID.randomUUID(), "PAY-12", "支付回调重试", "**md**",
                TaskType.BUG, "In progress", StatusCategory.IN_PROGRESS, "HIGH", UUID.randomUUID(), UUID.randomUUID(),
                List.of(UUID.randomUUID()), List.of("backend"), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 30),
                480L, 120L, null, null, UUID.randomUUID(), stage, Map.of("sprint", "S1", "points", 5),
                Instant.parse("2026-11-01T08:00:00Z"), Instant.parse("2026-11-02T08:00:00Z"));
        TaskUpdated event = new TaskUpdated(task, List.of("status", "statusCategory"));

        TaskUpdated read = json.readValue(json.writeValueAsString(event), TaskUpdated.class);

        assertThat(read).isEqualTo(event);
        assertThat(read.task().stageId()).isEqualTo(stage);
    }

    @Test
    void consumersIgnoreFieldsAddedLaterWithinAVersion() {
        UserProfile profile = new UserProfile(UUID.randomUUID(), "li.lei@example.cn", "李雷", "zh-CN",
                "Asia/Shanghai", List.of("MEMBER"), List.of(new ChatAccount(ChatPlatform.DINGTALK, "ding-001")),
                "ACTIVE");
        String wire = json.writeValueAsString(new UserCreated(profile)).replaceFirst("\\{", "{\"addedLater\":1,");

        UserCreated read = json.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                .readValue(wire, UserCreated.class);

        assertThat(read.user()).isEqualTo(profile);
    }

    @Test
    void releaseStateKeepsItsStagesInOrder() {
        List<ReleaseStage> stages = List.of(
                new ReleaseStage(UUID.randomUUID(), "开发 Dev", 0, ProjectRole.MANAGER, StageStatus.APPROVED),
                new ReleaseStage(UUID.randomUUID(), "UAT 测试", 1, ProjectRole.MEMBER, StageStatus.AWAITING_APPROVAL));
        ReleaseState release = new ReleaseState(UUID.randomUUID(), UUID.randomUUID(), "PAY", "2026.11", "v3.2.0",
                UUID.randomUUID(), 2, ReleaseStatus.RUNNING, LocalDate.of(2026, 11, 30), stages.get(1).stageId(),
                stages, UUID.randomUUID(), Instant.parse("2026-11-20T02:00:00Z"), null);
        ReleaseStageApproved event = new ReleaseStageApproved(release, stages.get(1).stageId(), UUID.randomUUID(),
                "QA 通过", false);

        assertThat(json.readValue(json.writeValueAsString(event), ReleaseStageApproved.class)).isEqualTo(event);
    }

    private static List<EventType<?>> typesOf(Class<?> catalogue) throws IllegalAccessException {
        List<EventType<?>> types = new ArrayList<>();
        for (Field field : catalogue.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == EventType.class) {
                types.add((EventType<?>) field.get(null));
            }
        }
        return types;
    }
}
