package dev.lalala.search.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.CompletionSuggestOption;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.search.index.SearchIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Runs the requests of {@link SearchQueries} and turns what Elasticsearch answers into results. */
@Service
public class SearchService {

    private static final Logger log = LoggerFactory.getLogger(SearchService.class);

    private final ElasticsearchClient client;

    public SearchService(ElasticsearchClient client) {
        this.client = client;
    }

    public List<SearchResult> search(String text, SearchScope scope, int limit) {
        SearchResponse<DisplayFields> response = execute(SearchQueries.search(text, scope, limit));
        List<SearchResult> results = new ArrayList<>();
        for (Hit<DisplayFields> hit : response.hits().hits()) {
            Optional<SearchIndex> index = SearchIndex.ofIndexName(hit.index());
            if (index.isPresent()) {
                DisplayFields source = hit.source() != null ? hit.source() : empty();
                results.add(source.toResult(index.get(), hit.id(), hit.score()));
            }
        }
        return results;
    }

    public List<Suggestion> suggest(String prefix, int limit) {
        SearchResponse<DisplayFields> response = execute(SearchQueries.suggest(prefix, limit));
        List<Suggestion> suggestions = new ArrayList<>();
        var completions = response.suggest().getOrDefault(SearchQueries.SUGGESTER, List.of());
        for (var completion : completions) {
            for (CompletionSuggestOption<DisplayFields> option : completion.completion().options()) {
                Optional<SearchIndex> index = SearchIndex.ofIndexName(option.index());
                if (index.isPresent()) {
                    DisplayFields source = option.source() != null ? option.source() : empty();
                    suggestions.add(new Suggestion(option.text(), index.get().resultType(),
                            option.id(), source.titleFor(index.get())));
                }
            }
        }
        return suggestions;
    }

    private SearchResponse<DisplayFields> execute(SearchRequest request) {
        try {
            return client.search(request, DisplayFields.class);
        } catch (IOException e) {
            log.warn("Elasticsearch did not answer: {}", e.toString());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                    "Service unavailable", "Search is not available right now. Try again shortly.");
        }
    }

    private static DisplayFields empty() {
        return new DisplayFields(null, null, null, null, null, null, null, null);
    }
}
