
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'airgap-license' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'airgap-license'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'airgap-license' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify licenses: one line each naming the licensee, plan, key and expiration, or what is wrong')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the status map of FILE, or of the store''s active license: a table, or the GET /api/reactor body')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Say why each feature has its state: the plan, an override, the dates, the clock, a network need')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'List the instants at which the license''s status map changes, with the map at each')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Verify a license and make it the store''s active one (POST /api/reactor)')
            [CompletionResult]::new('regenerate', 'regenerate', [CompletionResultType]::ParameterValue, 'Replace the store''s active license with its successor (PUT /api/reactor)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Remove the store''s active license (DELETE /api/reactor)')
            [CompletionResult]::new('receipt', 'receipt', [CompletionResultType]::ParameterValue, 'Print the last release receipt this store wrote, again')
            [CompletionResult]::new('machine', 'machine', [CompletionResultType]::ParameterValue, 'Show this machine: its device key''s fingerprint and the names of the components found')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Write an activation request for a template (or bound) license, for the vendor to bind')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Print the store''s event log, one JSON object per line')
            [CompletionResult]::new('clock-reset', 'clock-reset', [CompletionResultType]::ParameterValue, 'Set the store''s clock mark to the system clock, after a clock that ran ahead (logged)')
            [CompletionResult]::new('revocations', 'revocations', [CompletionResultType]::ParameterValue, 'Import a vendor''s revocation list into the store (only a newer one: never back)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a license''s envelope and document WITHOUT verifying them (for support)')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'List the trusted keys with their SHA-256 fingerprints')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'List the plans in order and each feature''s plan')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'airgap-license;verify' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Judge features by the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)')
            [CompletionResult]::new('--release-date', '--release-date', [CompletionResultType]::ParameterName, 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build''s release date]')
            [CompletionResult]::new('--valid-for', '--valid-for', [CompletionResultType]::ParameterName, 'The license must also stay in effect for DAYS days after --at (exit 6 otherwise)')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'List the licenses in effect that end within DAYS days, without making them failures')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the report: text (a line each), table, tsv, or json (the same as --json)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--machine-id', '--machine-id', [CompletionResultType]::ParameterName, 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output (warnings and errors stay on standard error)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Take the *.lic files of folders and of all their subfolders')
            [CompletionResult]::new('--any-machine', '--any-machine', [CompletionResultType]::ParameterName, 'Judge licenses bound to machines by their signature and dates only, not against this machine (a vendor''s audit of licenses collected from many machines); each line says so')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license;status' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Judge features by the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--machine-id', '--machine-id', [CompletionResultType]::ParameterName, 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output (warnings and errors stay on standard error)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;explain' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge the license at WHEN: YYYY-MM-DD (00:00:00 UTC) or an RFC 3339 instant [default: the system clock]')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Judge features by the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)')
            [CompletionResult]::new('--release-date', '--release-date', [CompletionResultType]::ParameterName, 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build''s release date]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--machine-id', '--machine-id', [CompletionResultType]::ParameterName, 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output (warnings and errors stay on standard error)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;timeline' {
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Judge features by the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)')
            [CompletionResult]::new('--release-date', '--release-date', [CompletionResultType]::ParameterName, 'Judge licenses with maintenanceUntil for a release of the product dated DAY (would release X be covered?) [default: this build''s release date]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;activate' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--machine-id', '--machine-id', [CompletionResultType]::ParameterName, 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]')
            [CompletionResult]::new('--license-id', '--license-id', [CompletionResultType]::ParameterName, 'The licenseId the license must have (as the Reactor API asks for both)')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Judge features by the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the verdict object on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;regenerate' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--machine-id', '--machine-id', [CompletionResultType]::ParameterName, 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Judge features by the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the verdict object on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;deactivate' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--receipt', '--receipt', [CompletionResultType]::ParameterName, 'Write the release receipt to FILE (created, never overwritten) instead of standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license;receipt' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license;machine' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--machine-id', '--machine-id', [CompletionResultType]::ParameterName, 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license;request' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--machine-id', '--machine-id', [CompletionResultType]::ParameterName, 'Identify this machine by ID (containers, Kubernetes) instead of its hardware: it replaces every component with the one component `operator` [default: $AIRGAP_LICENSE_MACHINE_ID]')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Judge features by the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--revocations', '--revocations', [CompletionResultType]::ParameterName, 'Refuse the licenses this revocation list names (verdict revoked, exit 1); the list must verify with the trusted keys (else exit 2)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the request to FILE (created, never overwritten) instead of standard output')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also draw the request as a QR code, for a phone to carry out: on the terminal (standard error when standard output is not one, so that `--qr > FILE` keeps the file the request)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license;events' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;clock-reset' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license;revocations' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store''s folder [default: $AIRGAP_LICENSE_STORE, else /var/lib/airgap-license for root, else $XDG_STATE_HOME/airgap-license or ~/.local/state/airgap-license]')
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license;inspect' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output (still marked unverified)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;keys' {
            [CompletionResult]::new('--keys', '--keys', [CompletionResultType]::ParameterName, 'Trust the *.pem public keys in DIR instead of the embedded ones')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;catalog' {
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Use the catalog in FILE instead of the embedded one')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output (the catalog''s own form)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify licenses: one line each naming the licensee, plan, key and expiration, or what is wrong')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the status map of FILE, or of the store''s active license: a table, or the GET /api/reactor body')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Say why each feature has its state: the plan, an override, the dates, the clock, a network need')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'List the instants at which the license''s status map changes, with the map at each')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Verify a license and make it the store''s active one (POST /api/reactor)')
            [CompletionResult]::new('regenerate', 'regenerate', [CompletionResultType]::ParameterValue, 'Replace the store''s active license with its successor (PUT /api/reactor)')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Remove the store''s active license (DELETE /api/reactor)')
            [CompletionResult]::new('receipt', 'receipt', [CompletionResultType]::ParameterValue, 'Print the last release receipt this store wrote, again')
            [CompletionResult]::new('machine', 'machine', [CompletionResultType]::ParameterValue, 'Show this machine: its device key''s fingerprint and the names of the components found')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Write an activation request for a template (or bound) license, for the vendor to bind')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Print the store''s event log, one JSON object per line')
            [CompletionResult]::new('clock-reset', 'clock-reset', [CompletionResultType]::ParameterValue, 'Set the store''s clock mark to the system clock, after a clock that ran ahead (logged)')
            [CompletionResult]::new('revocations', 'revocations', [CompletionResultType]::ParameterValue, 'Import a vendor''s revocation list into the store (only a newer one: never back)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a license''s envelope and document WITHOUT verifying them (for support)')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'List the trusted keys with their SHA-256 fingerprints')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'List the plans in order and each feature''s plan')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'airgap-license;help;verify' {
            break
        }
        'airgap-license;help;status' {
            break
        }
        'airgap-license;help;explain' {
            break
        }
        'airgap-license;help;timeline' {
            break
        }
        'airgap-license;help;activate' {
            break
        }
        'airgap-license;help;regenerate' {
            break
        }
        'airgap-license;help;deactivate' {
            break
        }
        'airgap-license;help;receipt' {
            break
        }
        'airgap-license;help;machine' {
            break
        }
        'airgap-license;help;request' {
            break
        }
        'airgap-license;help;events' {
            break
        }
        'airgap-license;help;clock-reset' {
            break
        }
        'airgap-license;help;revocations' {
            break
        }
        'airgap-license;help;inspect' {
            break
        }
        'airgap-license;help;keys' {
            break
        }
        'airgap-license;help;catalog' {
            break
        }
        'airgap-license;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
