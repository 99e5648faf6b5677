package dev.lalala.feed.graph;

import java.util.function.Supplier;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in one Neo4j transaction (Spring's Neo4jTransactionManager; every Neo4jClient call inside joins it) and
 * runs it again when Neo4j answers with a transient error: a deadlock between two follows of the same pair, a lock
 * that timed out. The whole transaction is retried, so a retried write is never half applied.
 */
@Component
public class GraphTransactions {

    private static final Logger log = LoggerFactory.getLogger(GraphTransactions.class);
    static final int ATTEMPTS = 8;

    private final TransactionTemplate transactions;

    public GraphTransactions(PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public <T> T write(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> work.get());
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !transient_(e)) {
                    throw e;
                }
                log.debug("Transient Neo4j error (attempt {}), retrying: {}", attempt, e.toString());
                try {
                    Thread.sleep((long) (Math.random() * 10 * attempt) + 1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public void run(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    static boolean transient_(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientException || t instanceof TransientDataAccessException) {
                return true;
            }
        }
        return false;
    }
}
