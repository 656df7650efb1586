# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_airgap_license_global_optspecs
    string join \n h/help V/version
end

function __fish_airgap_license_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_airgap_license_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_airgap_license_using_subcommand
    set -l cmd (__fish_airgap_license_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c airgap-license -n "__fish_airgap_license_needs_command" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -s V -l version -d 'Print version'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "verify" -d 'Verify licenses: one line each naming the licensee, plan, key and expiration, or what is wrong'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "status" -d 'Show the status map of FILE, or of the store\'s active license: a table, or the GET /api/reactor body'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "explain" -d 'Say why each feature has its state: the plan, an override, the dates, the clock, a network need'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "timeline" -d 'List the instants at which the license\'s status map changes, with the map at each'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "activate" -d 'Verify a license and make it the store\'s active one (POST /api/reactor)'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "regenerate" -d 'Replace the store\'s active license with its successor (PUT /api/reactor)'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "deactivate" -d 'Remove the store\'s active license (DELETE /api/reactor)'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "receipt" -d 'Print the last release receipt this store wrote, again'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "machine" -d 'Show this machine: its device key\'s fingerprint and the names of the components found'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "request" -d 'Write an activation request for a template (or bound) license, for the vendor to bind'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "events" -d 'Print the store\'s event log, one JSON object per line'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "clock-reset" -d 'Set the store\'s clock mark to the system clock, after a clock that ran ahead (logged)'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "revocations" -d 'Import a vendor\'s revocation list into the store (only a newer one: never back)'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "inspect" -d 'Show a license\'s envelope and document WITHOUT verifying them (for support)'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "keys" -d 'List the trusted keys with their SHA-256 fingerprints'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "catalog" -d 'List the plans in order and each feature\'s plan'
complete -c airgap-license -n "__fish_airgap_license_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l at -d 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l catalog -d 'Judge features by the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l revocations -d 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l release-date -d 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build\'s release date]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l valid-for -d 'The license must also stay in effect for DAYS days after --at (exit 6 otherwise)' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l expiring-within -d 'List the licenses in effect that end within DAYS days, without making them failures' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l format -d 'How to write the report: text (a line each), table, tsv, or json (the same as --json)' -r -f -a "text\t'One line per license, then a summary'
table\t'Aligned columns (the whole report is read first, to size them)'
tsv\t'Tab-separated values with a header line, streamed'
json\t'The JSON report, streamed'"
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l machine-id -d 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l json -d 'Print JSON on standard output (warnings and errors stay on standard error)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l recursive -d 'Take the *.lic files of folders and of all their subfolders'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -l any-machine -d 'Judge licenses bound to machines by their signature and dates only, not against this machine (a vendor\'s audit of licenses collected from many machines); each line says so'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -l at -d 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -l catalog -d 'Judge features by the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -l revocations -d 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -l machine-id -d 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -l json -d 'Print JSON on standard output (warnings and errors stay on standard error)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand status" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l at -d 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l catalog -d 'Judge features by the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l revocations -d 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l release-date -d 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build\'s release date]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l machine-id -d 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -l json -d 'Print JSON on standard output (warnings and errors stay on standard error)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand explain" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand timeline" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand timeline" -l catalog -d 'Judge features by the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand timeline" -l revocations -d 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand timeline" -l release-date -d 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build\'s release date]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand timeline" -l json -d 'Print JSON on standard output'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand timeline" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -l machine-id -d 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -l license-id -d 'The licenseId the license must have (as the Reactor API asks for both)' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -l catalog -d 'Judge features by the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -l revocations -d 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -l json -d 'Print the verdict object on standard output'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand activate" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand regenerate" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand regenerate" -l machine-id -d 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand regenerate" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand regenerate" -l catalog -d 'Judge features by the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand regenerate" -l revocations -d 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand regenerate" -l json -d 'Print the verdict object on standard output'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand regenerate" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand deactivate" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand deactivate" -l receipt -d 'Write the release receipt to FILE (created, never overwritten) instead of standard output' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand deactivate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand receipt" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand receipt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand machine" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand machine" -l machine-id -d 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand machine" -l json -d 'Print JSON on standard output'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand machine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -l machine-id -d 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]' -r
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -l catalog -d 'Judge features by the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -l revocations -d 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -l out -d 'Write the request to FILE (created, never overwritten) instead of standard output' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -l qr -d 'Also draw the request as a QR code, for a phone to carry out: on the terminal (standard error when standard output is not one, so that `--qr > FILE` keeps the file the request)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand request" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand events" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand events" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand clock-reset" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand clock-reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand revocations" -l store -d 'The store\'s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand revocations" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand revocations" -l json -d 'Print JSON on standard output'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand revocations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand inspect" -l json -d 'Print JSON on standard output (still marked unverified)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand keys" -l keys -d 'Trust the *.pem public keys in DIR instead of the embedded ones' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand keys" -l json -d 'Print JSON on standard output'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand keys" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand catalog" -l catalog -d 'Use the catalog in FILE instead of the embedded one' -r -F
complete -c airgap-license -n "__fish_airgap_license_using_subcommand catalog" -l json -d 'Print JSON on standard output (the catalog\'s own form)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand catalog" -s h -l help -d 'Print help'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "verify" -d 'Verify licenses: one line each naming the licensee, plan, key and expiration, or what is wrong'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "status" -d 'Show the status map of FILE, or of the store\'s active license: a table, or the GET /api/reactor body'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "explain" -d 'Say why each feature has its state: the plan, an override, the dates, the clock, a network need'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "timeline" -d 'List the instants at which the license\'s status map changes, with the map at each'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "activate" -d 'Verify a license and make it the store\'s active one (POST /api/reactor)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "regenerate" -d 'Replace the store\'s active license with its successor (PUT /api/reactor)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "deactivate" -d 'Remove the store\'s active license (DELETE /api/reactor)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "receipt" -d 'Print the last release receipt this store wrote, again'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "machine" -d 'Show this machine: its device key\'s fingerprint and the names of the components found'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "request" -d 'Write an activation request for a template (or bound) license, for the vendor to bind'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "events" -d 'Print the store\'s event log, one JSON object per line'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "clock-reset" -d 'Set the store\'s clock mark to the system clock, after a clock that ran ahead (logged)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "revocations" -d 'Import a vendor\'s revocation list into the store (only a newer one: never back)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "inspect" -d 'Show a license\'s envelope and document WITHOUT verifying them (for support)'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "keys" -d 'List the trusted keys with their SHA-256 fingerprints'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "catalog" -d 'List the plans in order and each feature\'s plan'
complete -c airgap-license -n "__fish_airgap_license_using_subcommand help; and not __fish_seen_subcommand_from verify status explain timeline activate regenerate deactivate receipt machine request events clock-reset revocations inspect keys catalog help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
