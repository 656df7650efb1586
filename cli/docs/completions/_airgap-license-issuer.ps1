
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'airgap-license-issuer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'airgap-license-issuer'
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
        'airgap-license-issuer' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600)')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Write a license document: a fresh licenseId, issued today, your flags; sign it once filled in')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Check license documents against the format''s rules and sign them')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Issue the successor of a license: the same licenseId, issued today, a new expiration')
            [CompletionResult]::new('bind', 'bind', [CompletionResultType]::ParameterValue, 'Bind template licenses to machines: a bound license per activation request, a seat each')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Free the seats of machines that gave them back: verify release receipts against the ledger')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Write the next revocation list: every licenseId (and key id) revoked so far, and these')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List what the ledger says was issued')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'airgap-license-issuer;keygen' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The key id: 1 to 64 characters of A-Z a-z 0-9 . _ -')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The folder to write both files into (created if absent; existing files are never overwritten)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license-issuer;new' {
            [CompletionResult]::new('--license-id', '--license-id', [CompletionResultType]::ParameterName, 'The licenseId [default: a fresh random UUID]')
            [CompletionResult]::new('--issued-to', '--issued-to', [CompletionResultType]::ParameterName, 'The licensee [default: blank, which sign refuses until it is filled in]')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'The plan [default: the catalog''s lowest]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'licenseAttributes.LicenseType')
            [CompletionResult]::new('--issued', '--issued', [CompletionResultType]::ParameterName, 'The day it is issued [default: today, UTC]')
            [CompletionResult]::new('--not-before', '--not-before', [CompletionResultType]::ParameterName, 'The first day in effect [default: the day it is issued]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'The last day in effect [default: a year after it is issued]')
            [CompletionResult]::new('--maintenance-until', '--maintenance-until', [CompletionResultType]::ParameterName, 'Cover releases of the product dated on or before DAY only (maintenance), whatever the clock says; listed in critical')
            [CompletionResult]::new('--grace-days', '--grace-days', [CompletionResultType]::ParameterName, 'Stay in effect DAYS days after the expiration, every use warning to renew [default: 0]')
            [CompletionResult]::new('--notice-days', '--notice-days', [CompletionResultType]::ParameterName, 'Warn on every use from DAYS days before the expiration, and through grace [default: 30]')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'A feature granted (NAME=true) or withheld (NAME=false) beyond the plan; repeatable')
            [CompletionResult]::new('--supersedes', '--supersedes', [CompletionResultType]::ParameterName, 'A licenseId this license supersedes; repeatable')
            [CompletionResult]::new('--machines', '--machines', [CompletionResultType]::ParameterName, 'Make a template for N machines at once: in effect nowhere until bound to a machine (bind)')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Check plans and features against the catalog in FILE')
            [CompletionResult]::new('--perpetual', '--perpetual', [CompletionResultType]::ParameterName, 'A perpetual license: no expiration (an older validator refuses it, the safe direction)')
            [CompletionResult]::new('--line', '--line', [CompletionResultType]::ParameterName, 'Print the document on one line (for a JSON Lines batch)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license-issuer;sign' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The key id the validators know this key by [default: the key file''s name without .key]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output')
            [CompletionResult]::new('--ledger', '--ledger', [CompletionResultType]::ParameterName, 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Check documents against the catalog in FILE instead of the Reactor catalog')
            [CompletionResult]::new('--armor', '--armor', [CompletionResultType]::ParameterName, 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines')
            [CompletionResult]::new('--allow-unknown-features', '--allow-unknown-features', [CompletionResultType]::ParameterName, 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'DOCUMENT is JSON Lines: one document a line, all checked before any is signed; needs --out')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license-issuer;renew' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The key id the validators know this key by [default: the key file''s name without .key]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output')
            [CompletionResult]::new('--ledger', '--ledger', [CompletionResultType]::ParameterName, 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Check documents against the catalog in FILE instead of the Reactor catalog')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'The new last day in effect')
            [CompletionResult]::new('--issued', '--issued', [CompletionResultType]::ParameterName, 'The day the renewal is issued [default: today, UTC]; not before the license''s (the same day will do)')
            [CompletionResult]::new('--not-before', '--not-before', [CompletionResultType]::ParameterName, 'The renewal''s first day in effect [default: the day it is issued]; a store holds it until then')
            [CompletionResult]::new('--armor', '--armor', [CompletionResultType]::ParameterName, 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines')
            [CompletionResult]::new('--allow-unknown-features', '--allow-unknown-features', [CompletionResultType]::ParameterName, 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license-issuer;bind' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The key id the validators know this key by [default: the key file''s name without .key]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output')
            [CompletionResult]::new('--ledger', '--ledger', [CompletionResultType]::ParameterName, 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)')
            [CompletionResult]::new('--catalog', '--catalog', [CompletionResultType]::ParameterName, 'Check documents against the catalog in FILE instead of the Reactor catalog')
            [CompletionResult]::new('--valid-days', '--valid-days', [CompletionResultType]::ParameterName, 'Bound licenses end N days from today (or with the template, if it ends sooner): a machine file with a lifetime, renewed by a new request, so that a copy restored from before a release dies at its end')
            [CompletionResult]::new('--armor', '--armor', [CompletionResultType]::ParameterName, 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines')
            [CompletionResult]::new('--allow-unknown-features', '--allow-unknown-features', [CompletionResultType]::ParameterName, 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)')
            [CompletionResult]::new('--allow-operator-id', '--allow-operator-id', [CompletionResultType]::ParameterName, 'Grant requests whose only component is an operator-supplied identity (AIRGAP_LICENSE_MACHINE_ID: containers), which no hardware vouches for; recorded in the ledger')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license-issuer;release' {
            [CompletionResult]::new('--ledger', '--ledger', [CompletionResultType]::ParameterName, 'The ledger that holds the bindings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license-issuer;revoke' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key that signs the list (a key the customers'' validators trust)')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'The key id the validators know this key by [default: the key file''s name without .key]')
            [CompletionResult]::new('--ledger', '--ledger', [CompletionResultType]::ParameterName, 'The ledger: it holds the last list, and records the new one')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the list to FILE (created, never overwritten) instead of standard output')
            [CompletionResult]::new('--all-signed-by', '--all-signed-by', [CompletionResultType]::ParameterName, 'Revoke every license signed by key ID (a leaked key); repeatable')
            [CompletionResult]::new('--issued', '--issued', [CompletionResultType]::ParameterName, 'The day the list is issued [default: today, UTC]')
            [CompletionResult]::new('--unrevoke', '--unrevoke', [CompletionResultType]::ParameterName, 'Take the licenseIds (and --all-signed-by key ids) given off the list instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'airgap-license-issuer;list' {
            [CompletionResult]::new('--ledger', '--ledger', [CompletionResultType]::ParameterName, 'The ledger (a JSON Lines file that sign and renew append to)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'airgap-license-issuer;help' {
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600)')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Write a license document: a fresh licenseId, issued today, your flags; sign it once filled in')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Check license documents against the format''s rules and sign them')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Issue the successor of a license: the same licenseId, issued today, a new expiration')
            [CompletionResult]::new('bind', 'bind', [CompletionResultType]::ParameterValue, 'Bind template licenses to machines: a bound license per activation request, a seat each')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Free the seats of machines that gave them back: verify release receipts against the ledger')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Write the next revocation list: every licenseId (and key id) revoked so far, and these')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List what the ledger says was issued')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'airgap-license-issuer;help;keygen' {
            break
        }
        'airgap-license-issuer;help;new' {
            break
        }
        'airgap-license-issuer;help;sign' {
            break
        }
        'airgap-license-issuer;help;renew' {
            break
        }
        'airgap-license-issuer;help;bind' {
            break
        }
        'airgap-license-issuer;help;release' {
            break
        }
        'airgap-license-issuer;help;revoke' {
            break
        }
        'airgap-license-issuer;help;list' {
            break
        }
        'airgap-license-issuer;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
