package dev.lalala.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** For {@link KilledJvmIT}: starts components in TEST mode, writes their pids, then waits to be killed. */
public final class StartAndWaitMain {

    public static void main(String[] args) throws Exception {
        Path baseDir = Path.of(args[0]);
        Path pidFile = Path.of(args[1]);
        EnumSet<Component> components = EnumSet.noneOf(Component.class);
        for (int i = 2; i < args.length; i++) {
            components.add(Component.parse(args[i]));
        }
        LocalInfrastructure infra = LocalInfrastructure.start(Settings.testBuilder(Home.find()).baseDir(baseDir).build(), components);
        List<String> pids = new ArrayList<>();
        for (ComponentStatus s : infra.status()) {
            if (s.running()) {
                Processes.tree(s.pid()).forEach(h -> pids.add(Long.toString(h.pid())));
            }
        }
        Files.write(pidFile.resolveSibling(pidFile.getFileName() + ".tmp"), pids);
        Files.move(pidFile.resolveSibling(pidFile.getFileName() + ".tmp"), pidFile);
        Thread.sleep(Long.MAX_VALUE);
    }
}
