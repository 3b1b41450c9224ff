package org.crowdfund.gateway.auth;

import org.crowdfund.gateway.errors.Problem;
import org.crowdfund.platform.grpc.Principal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a dev token may claim. The subject becomes the user id services record (a campaign's
 * creatorId), the e-mail the address notifications go to, the name what pages show: a token
 * issued here is checked like any other input, even on a developer's machine.
 */
final class DevTokenRules {
    static final String SUBJECT_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:@+-]{0,99}$";
    static final int SUBJECT_MAX = 100;
    static final int EMAIL_MAX = 254;
    static final int NAME_MAX = 100;
    static final List<String> ISSUABLE_ROLES = List.of(Principal.ROLE_BACKER, Principal.ROLE_CREATOR, Principal.ROLE_ADMIN);
    private static final Pattern SUBJECT = Pattern.compile(SUBJECT_PATTERN);
    /** One @, a plain local part, a domain of dot-separated labels (the shape HTML's type=email accepts). */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private DevTokenRules() {
    }

    static List<Problem.FieldError> check(DevTokenController.DevTokenRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String subject = request.subject();
        if (subject == null || subject.isBlank()) {
            errors.add(new Problem.FieldError("subject", "is required: a user id of 1 to " + SUBJECT_MAX
                    + " letters, digits and . _ : @ + -"));
        } else if (!SUBJECT.matcher(subject).matches()) {
            errors.add(new Problem.FieldError("subject", "must be 1 to " + SUBJECT_MAX + " letters, digits and . _ : @ + - "
                    + "starting with a letter or digit (such as 00000000-0000-7000-8000-00000000c001)"));
        }
        List<String> roles = request.roles() == null ? List.of() : request.roles();
        if (roles.isEmpty()) {
            errors.add(new Problem.FieldError("roles", "must name at least one of " + String.join(", ", ISSUABLE_ROLES)));
        } else {
            List<String> unknown = roles.stream().filter(r -> !ISSUABLE_ROLES.contains(r)).toList();
            if (!unknown.isEmpty()) {
                errors.add(new Problem.FieldError("roles", "may only contain " + String.join(", ", ISSUABLE_ROLES)
                        + "; got " + String.join(", ", unknown)));
            } else if (Set.copyOf(roles).size() != roles.size()) {
                errors.add(new Problem.FieldError("roles", "names a role more than once"));
            }
        }
        String email = request.email();
        if (email != null && (email.length() > EMAIL_MAX || !EMAIL.matcher(email).matches())) {
            errors.add(new Problem.FieldError("email", "must be an e-mail address such as ada@example.com, at most "
                    + EMAIL_MAX + " characters (or leave it out)"));
        }
        String name = request.name();
        if (name != null && (name.isBlank() || name.length() > NAME_MAX)) {
            errors.add(new Problem.FieldError("name", "must be 1 to " + NAME_MAX + " characters, not blank (or leave it out)"));
        }
        return errors;
    }
}
