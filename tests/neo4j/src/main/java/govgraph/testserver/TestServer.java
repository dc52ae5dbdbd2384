package govgraph.testserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * An embedded Neo4j 5.26 with Bolt on 127.0.0.1, for govgraph's tests only.
 *
 * Usage: TestServer DATA_DIR PORT READY_FILE. The password for user neo4j comes from the
 * environment (NEO4J_PASSWORD), never from the command line, so it does not show in ps.
 * READY_FILE is written (atomically) once Bolt accepts work; the launcher waits on it and then
 * on a real driver query, never on a fixed sleep. SIGTERM shuts the database down cleanly.
 */
public final class TestServer {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TestServer DATA_DIR PORT READY_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Path ready = Path.of(args[2]);
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("NEO4J_PASSWORD must be set (8 characters or more)");
            System.exit(2);
        }
        Files.deleteIfExists(ready);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(512))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));

        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // A restart on an existing store with the same password: nothing to change.
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("cannot be the same")) {
                dbms.shutdown();
                throw e;
            }
        }
        // Touch the default database so the first client query does not pay for its start.
        dbms.database("neo4j").executeTransactionally("RETURN 1");

        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(tmp, "bolt://127.0.0.1:" + port + "\n");
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("neo4j test server ready on bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
