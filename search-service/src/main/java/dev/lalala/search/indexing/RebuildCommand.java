package dev.lalala.search.indexing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar search-service.jar --lalala.search.rebuild=true --lalala.subscriptions.enabled=false
 * --spring.main.web-application-type=none}: rebuilds the indices from the topics next to the running service,
 * swaps the aliases, and exits (docs/search.md, "Rebuilding").
 */
@Component
@Order(100)
@ConditionalOnBooleanProperty("lalala.search.rebuild")
public class RebuildCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RebuildCommand.class);

    private final IndexRebuilder rebuilder;
    private final ConfigurableApplicationContext context;

    public RebuildCommand(IndexRebuilder rebuilder, ConfigurableApplicationContext context) {
        this.rebuilder = rebuilder;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        IndexRebuilder.Report report = rebuilder.rebuild();
        log.info("Rebuild done: {} events into {} in {}", report.events(), report.indices(), report.took());
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
