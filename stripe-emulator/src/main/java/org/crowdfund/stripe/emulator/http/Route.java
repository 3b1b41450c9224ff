package org.crowdfund.stripe.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crowdfund.stripe.emulator.domain.Params;

/** One API endpoint: method, path pattern with {id} placeholders, and the operation it runs. */
final class Route {

  interface Operation {
    ObjectNode run(List<String> pathIds, Params params);
  }

  record Match(Route route, List<String> pathIds) {
    ObjectNode handle(Params params) {
      return route.operation.run(pathIds, params);
    }
  }

  private final String method;
  private final Pattern path;
  private final Operation operation;

  Route(String method, String pathTemplate, Operation operation) {
    this.method = method;
    this.path = Pattern.compile(pathTemplate.replace("{id}", "([^/]+)"));
    this.operation = operation;
  }

  static Optional<Match> find(List<Route> routes, String method, String path) {
    for (Route route : routes) {
      if (!route.method.equals(method)) {
        continue;
      }
      Matcher matcher = route.path.matcher(path);
      if (matcher.matches()) {
        List<String> ids = new ArrayList<>();
        for (int group = 1; group <= matcher.groupCount(); group++) {
          ids.add(matcher.group(group));
        }
        return Optional.of(new Match(route, ids));
      }
    }
    return Optional.empty();
  }
}
