package dev.gantry.project.release;

import java.util.UUID;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Versions;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.project.templates.Evidence;

/**
 * Ticking checklist items (检查项) with the evidence they require: a note, an attachment reference, or the sign-off
 * of the person the item names. Items change only while their stage is being worked on.
 */
@Service
public class Checklists {

    private final Releases releases;
    private final ReleaseRepository repository;
    Checklists(Releases releases, ReleaseRepository repository) {
        this.releases = releases;
        this.repository = repository;
    }

    @Transactional
    public ChecklistItem change(CurrentUser caller, UUID releaseId, UUID itemId, ReleaseRequests.ItemChange request,
            long expectedItemVersion) {
        ReleaseChange change = releases.lock(caller, releaseId, null, Releases.Need.READ);
        Release release = change.release();
        ChecklistItem item = repository.items(release.tenantId(), releaseId).stream()
                .filter(i -> i.id().equals(itemId)).findFirst().orElseThrow(() -> ReleaseProblems.itemNotFound(itemId));
        Versions.require("checklist item", expectedItemVersion, item.version());
        Releases.requireRunning(release);
        Stage stage = change.stage(item.stageId());
        if (!ReleaseStateMachine.canChangeChecklist(release.status(), stage.status())) {
            throw ReleaseProblems.stageState(stage, "checklist items change while the stage is active.");
        }
        requireMayTick(caller, change, item);
        boolean done = request.done();
        String note = blankToNull(request.note());
        String attachment = blankToNull(request.attachmentRef());
        if (done && item.evidence() == Evidence.NOTE && note == null) {
            throw ReleaseProblems.unprocessable("evidence-required", "Note required",
                    "Checklist item \"" + item.title() + "\" is completed with a note.");
        }
        if (done && item.evidence() == Evidence.ATTACHMENT && attachment == null) {
            throw ReleaseProblems.unprocessable("evidence-required", "Attachment required",
                    "Checklist item \"" + item.title() + "\" is completed with an attachment reference.");
        }
        ChecklistItem changed = new ChecklistItem(item.id(), item.stageId(), item.position(), item.title(),
                item.mandatory(), item.evidence(), item.signOffBy(), done, done ? note : null,
                done ? attachment : null, done ? change.actor : null, done ? change.now : null, item.version() + 1);
        repository.updateItem(release.tenantId(), changed);
        change.touch();
        change.timeline(done ? "CHECKLIST_ITEM_COMPLETED" : "CHECKLIST_ITEM_REOPENED", item.stageId(), item.title());
        change.finish();
        return changed;
    }

    private void requireMayTick(CurrentUser caller, ReleaseChange change, ChecklistItem item) {
        if (!change.access.canWork()) {
            throw new AccessDeniedException("Viewers and guests only read this release");
        }
        if (item.evidence() == Evidence.SIGN_OFF) {
            ProjectMember member = change.access.membership().orElse(null);
            Qualification who = member == null ? Qualification.outsider(change.actor) : Qualification.of(member);
            if (!ApprovalRules.matches(item.signOffBy(), who)) {
                throw ReleaseProblems.forbidden("not-the-signatory", "Not the signatory",
                        "Checklist item \"" + item.title() + "\" is signed off by " + item.signOffBy() + ".");
            }
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
