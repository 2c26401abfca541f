package dev.gantry.task.board;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;

@RestController
@RequestMapping("/api/v1/projects/{projectId}/board")
class BoardController {

    private final Boards boards;

    BoardController(Boards boards) {
        this.boards = boards;
    }

    record CardMove(@NotNull UUID taskId, @Size(max = 40) String status, UUID afterTaskId, UUID beforeTaskId) {
    }

    /** The board; {@code swimlanes=assignee|priority} groups the cards into lanes. */
    @GetMapping
    Board board(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @RequestParam(defaultValue = "none") String swimlanes) {
        Boards.Swimlanes lanes = switch (swimlanes) {
            case "none" -> Boards.Swimlanes.NONE;
            case "assignee" -> Boards.Swimlanes.ASSIGNEE;
            case "priority" -> Boards.Swimlanes.PRIORITY;
            default -> throw new ValidationProblem(List.of(new Problems.FieldError("swimlanes",
                    "must be none, assignee or priority")));
        };
        return boards.board(CurrentUser.from(token), projectId, lanes);
    }

    /**
     * Moves a card (drag and drop): into {@code status} if given (a workflow transition, within the column's WIP
     * limit), between {@code afterTaskId} and {@code beforeTaskId}.
     */
    @PostMapping("/moves")
    Boards.Moved move(@AuthenticationPrincipal Jwt token, @PathVariable UUID projectId,
            @Valid @RequestBody CardMove move) {
        return boards.move(CurrentUser.from(token), projectId,
                new Boards.Move(move.taskId(), move.status(), move.afterTaskId(), move.beforeTaskId()));
    }
}
