package dev.gantry.search.query;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;

@RestController
@RequestMapping("/api/v1/search")
class SearchController {

    private final Searches searches;

    SearchController(Searches searches) {
        this.searches = searches;
    }

    @GetMapping
    SearchResults search(@AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String query,
            @RequestParam(required = false) String filterId,
            @RequestParam(name = "type", required = false) List<String> types,
            @RequestParam(name = "projectId", required = false) List<String> projectIds,
            @RequestParam(name = "status", required = false) List<String> statuses,
            @RequestParam(name = "assignee", required = false) List<String> assignees,
            @RequestParam(name = "label", required = false) List<String> labels,
            @RequestParam(required = false) String updatedFrom,
            @RequestParam(required = false) String updatedTo,
            @RequestParam(required = false) String dueFrom,
            @RequestParam(required = false) String dueTo,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return searches.search(CurrentUser.from(token), SearchRequest.of(q, query, filterId, types, projectIds,
                statuses, assignees, labels, updatedFrom, updatedTo, dueFrom, dueTo, limit, cursor));
    }

    @GetMapping("/suggest")
    Map<String, List<SearchResults.Suggestion>> suggest(@AuthenticationPrincipal Jwt token,
            @RequestParam @NotBlank @Size(max = 100) String prefix,
            @RequestParam(defaultValue = "10") @Min(1) @Max(Searches.MAX_SUGGESTIONS) int limit) {
        return Map.of("items", searches.suggest(CurrentUser.from(token), prefix, limit));
    }
}
