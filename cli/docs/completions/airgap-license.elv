
use builtin;
use str;

set edit:completion:arg-completer[airgap-license] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'airgap-license'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'airgap-license'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Verify licenses: one line each naming the licensee, plan, key and expiration, or what is wrong'
            cand status 'Show the status map of FILE, or of the store''s active license: a table, or the GET /api/reactor body'
            cand explain 'Say why each feature has its state: the plan, an override, the dates, the clock, a network need'
            cand timeline 'List the instants at which the license''s status map changes, with the map at each'
            cand activate 'Verify a license and make it the store''s active one (POST /api/reactor)'
            cand regenerate 'Replace the store''s active license with its successor (PUT /api/reactor)'
            cand deactivate 'Remove the store''s active license (DELETE /api/reactor)'
            cand receipt 'Print the last release receipt this store wrote, again'
            cand machine 'Show this machine: its device key''s fingerprint and the names of the components found'
            cand request 'Write an activation request for a template (or bound) license, for the vendor to bind'
            cand events 'Print the store''s event log, one JSON object per line'
            cand clock-reset 'Set the store''s clock mark to the system clock, after a clock that ran ahead (logged)'
            cand revocations 'Import a vendor''s revocation list into the store (only a newer one: never back)'
            cand inspect 'Show a license''s envelope and document WITHOUT verifying them (for support)'
            cand keys 'List the trusted keys with their SHA-256 fingerprints'
            cand catalog 'List the plans in order and each feature''s plan'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'airgap-license;verify'= {
            cand --at 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]'
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --catalog 'Judge features by the catalog in FILE instead of the embedded one'
            cand --revocations 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)'
            cand --release-date 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build''s release date]'
            cand --valid-for 'The license must also stay in effect for DAYS days after --at (exit 6 otherwise)'
            cand --expiring-within 'List the licenses in effect that end within DAYS days, without making them failures'
            cand --format 'How to write the report: text (a line each), table, tsv, or json (the same as --json)'
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --machine-id 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]'
            cand --json 'Print JSON on standard output (warnings and errors stay on standard error)'
            cand --recursive 'Take the *.lic files of folders and of all their subfolders'
            cand --any-machine 'Judge licenses bound to machines by their signature and dates only, not against this machine (a vendor''s audit of licenses collected from many machines); each line says so'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license;status'= {
            cand --at 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]'
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --catalog 'Judge features by the catalog in FILE instead of the embedded one'
            cand --revocations 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)'
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --machine-id 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]'
            cand --json 'Print JSON on standard output (warnings and errors stay on standard error)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;explain'= {
            cand --at 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]'
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --catalog 'Judge features by the catalog in FILE instead of the embedded one'
            cand --revocations 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)'
            cand --release-date 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build''s release date]'
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --machine-id 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]'
            cand --json 'Print JSON on standard output (warnings and errors stay on standard error)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;timeline'= {
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --catalog 'Judge features by the catalog in FILE instead of the embedded one'
            cand --revocations 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)'
            cand --release-date 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build''s release date]'
            cand --json 'Print JSON on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;activate'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --machine-id 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]'
            cand --license-id 'The licenseId the license must have (as the Reactor API asks for both)'
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --catalog 'Judge features by the catalog in FILE instead of the embedded one'
            cand --revocations 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)'
            cand --json 'Print the verdict object on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;regenerate'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --machine-id 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]'
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --catalog 'Judge features by the catalog in FILE instead of the embedded one'
            cand --revocations 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)'
            cand --json 'Print the verdict object on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;deactivate'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --receipt 'Write the release receipt to FILE (created, never overwritten) instead of standard output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license;receipt'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license;machine'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --machine-id 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]'
            cand --json 'Print JSON on standard output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license;request'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --machine-id 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]'
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --catalog 'Judge features by the catalog in FILE instead of the embedded one'
            cand --revocations 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)'
            cand --out 'Write the request to FILE (created, never overwritten) instead of standard output'
            cand --qr 'Also draw the request as a QR code, for a phone to carry out: on the terminal (standard error when standard output is not one, so that `--qr > FILE` keeps the file the request)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license;events'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;clock-reset'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license;revocations'= {
            cand --store 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]'
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --json 'Print JSON on standard output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license;inspect'= {
            cand --json 'Print JSON on standard output (still marked unverified)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;keys'= {
            cand --keys 'Trust the *.pem public keys in DIR instead of the embedded ones'
            cand --json 'Print JSON on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;catalog'= {
            cand --catalog 'Use the catalog in FILE instead of the embedded one'
            cand --json 'Print JSON on standard output (the catalog''s own form)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license;help'= {
            cand verify 'Verify licenses: one line each naming the licensee, plan, key and expiration, or what is wrong'
            cand status 'Show the status map of FILE, or of the store''s active license: a table, or the GET /api/reactor body'
            cand explain 'Say why each feature has its state: the plan, an override, the dates, the clock, a network need'
            cand timeline 'List the instants at which the license''s status map changes, with the map at each'
            cand activate 'Verify a license and make it the store''s active one (POST /api/reactor)'
            cand regenerate 'Replace the store''s active license with its successor (PUT /api/reactor)'
            cand deactivate 'Remove the store''s active license (DELETE /api/reactor)'
            cand receipt 'Print the last release receipt this store wrote, again'
            cand machine 'Show this machine: its device key''s fingerprint and the names of the components found'
            cand request 'Write an activation request for a template (or bound) license, for the vendor to bind'
            cand events 'Print the store''s event log, one JSON object per line'
            cand clock-reset 'Set the store''s clock mark to the system clock, after a clock that ran ahead (logged)'
            cand revocations 'Import a vendor''s revocation list into the store (only a newer one: never back)'
            cand inspect 'Show a license''s envelope and document WITHOUT verifying them (for support)'
            cand keys 'List the trusted keys with their SHA-256 fingerprints'
            cand catalog 'List the plans in order and each feature''s plan'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'airgap-license;help;verify'= {
        }
        &'airgap-license;help;status'= {
        }
        &'airgap-license;help;explain'= {
        }
        &'airgap-license;help;timeline'= {
        }
        &'airgap-license;help;activate'= {
        }
        &'airgap-license;help;regenerate'= {
        }
        &'airgap-license;help;deactivate'= {
        }
        &'airgap-license;help;receipt'= {
        }
        &'airgap-license;help;machine'= {
        }
        &'airgap-license;help;request'= {
        }
        &'airgap-license;help;events'= {
        }
        &'airgap-license;help;clock-reset'= {
        }
        &'airgap-license;help;revocations'= {
        }
        &'airgap-license;help;inspect'= {
        }
        &'airgap-license;help;keys'= {
        }
        &'airgap-license;help;catalog'= {
        }
        &'airgap-license;help;help'= {
        }
    ]
    $completions[$command]
}
