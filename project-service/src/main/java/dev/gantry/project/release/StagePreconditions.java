package dev.gantry.project.release;

import java.util.ArrayList;
import java.util.List;

import dev.gantry.project.templates.Precondition;

/**
 * A stage's gate as plain rules. Entering a stage needs the stages it comes after approved
 * ({@link Precondition#PREVIOUS_STAGE_APPROVED}); requesting its sign-off needs its linked tasks done and its
 * mandatory checklist complete, where the stage requires them. Each unmet condition says exactly what is missing.
 */
public final class StagePreconditions {

    private StagePreconditions() {
    }

    /** One condition that does not hold, and why. */
    public record Unmet(Precondition condition, String detail) {
    }

    /** A stage as the gate sees it: its name and whether it is approved. */
    public record StageFact(String name, boolean approved) {
    }

    public static List<Unmet> forEntering(List<Precondition> required, List<StageFact> before) {
        List<Unmet> unmet = new ArrayList<>();
        if (required.contains(Precondition.PREVIOUS_STAGE_APPROVED)) {
            List<String> notApproved = before.stream().filter(s -> !s.approved()).map(StageFact::name).toList();
            if (!notApproved.isEmpty()) {
                unmet.add(new Unmet(Precondition.PREVIOUS_STAGE_APPROVED,
                        "not approved yet: " + String.join(", ", notApproved)));
            }
        }
        return unmet;
    }

    /**
     * @param openTasks            the keys (or ids) of tasks linked to the stage that are not done
     * @param incompleteMandatory  the titles of mandatory checklist items not complete
     */
    public static List<Unmet> forSignOff(List<Precondition> required, List<String> openTasks,
            List<String> incompleteMandatory) {
        List<Unmet> unmet = new ArrayList<>();
        if (required.contains(Precondition.LINKED_TASKS_DONE) && !openTasks.isEmpty()) {
            unmet.add(new Unmet(Precondition.LINKED_TASKS_DONE, openTasks.size() + " linked task"
                    + (openTasks.size() == 1 ? " is" : "s are") + " not done: " + abbreviated(openTasks)));
        }
        if (required.contains(Precondition.MANDATORY_CHECKLIST_COMPLETE) && !incompleteMandatory.isEmpty()) {
            unmet.add(new Unmet(Precondition.MANDATORY_CHECKLIST_COMPLETE, incompleteMandatory.size()
                    + " mandatory checklist item" + (incompleteMandatory.size() == 1 ? " is" : "s are")
                    + " not complete: " + abbreviated(incompleteMandatory)));
        }
        return unmet;
    }

    private static String abbreviated(List<String> names) {
        return names.size() <= 10 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
    }
}
