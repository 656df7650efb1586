
use builtin;
use str;

set edit:completion:arg-completer[airgap-license-issuer] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'airgap-license-issuer'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'airgap-license-issuer'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand keygen 'Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600)'
            cand new 'Write a license document: a fresh licenseId, issued today, your flags; sign it once filled in'
            cand sign 'Check license documents against the format''s rules and sign them'
            cand renew 'Issue the successor of a license: the same licenseId, issued today, a new expiration'
            cand bind 'Bind template licenses to machines: a bound license per activation request, a seat each'
            cand release 'Free the seats of machines that gave them back: verify release receipts against the ledger'
            cand revoke 'Write the next revocation list: every licenseId (and key id) revoked so far, and these'
            cand list 'List what the ledger says was issued'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'airgap-license-issuer;keygen'= {
            cand --kid 'The key id: 1 to 64 characters of A-Z a-z 0-9 . _ -'
            cand --out 'The folder to write both files into (created if absent; existing files are never overwritten)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license-issuer;new'= {
            cand --license-id 'The licenseId [default: a fresh random UUID]'
            cand --issued-to 'The licensee [default: blank, which sign refuses until it is filled in]'
            cand --plan 'The plan [default: the catalog''s lowest]'
            cand --type 'licenseAttributes.LicenseType'
            cand --issued 'The day it is issued [default: today, UTC]'
            cand --not-before 'The first day in effect [default: the day it is issued]'
            cand --until 'The last day in effect [default: a year after it is issued]'
            cand --maintenance-until 'Cover releases of the product dated on or before DAY only (maintenance), whatever the clock says; listed in critical'
            cand --grace-days 'Stay in effect DAYS days after the expiration, every use warning to renew [default: 0]'
            cand --notice-days 'Warn on every use from DAYS days before the expiration, and through grace [default: 30]'
            cand --feature 'A feature granted (NAME=true) or withheld (NAME=false) beyond the plan; repeatable'
            cand --supersedes 'A licenseId this license supersedes; repeatable'
            cand --machines 'Make a template for N machines at once: in effect nowhere until bound to a machine (bind)'
            cand --catalog 'Check plans and features against the catalog in FILE'
            cand --perpetual 'A perpetual license: no expiration (an older validator refuses it, the safe direction)'
            cand --line 'Print the document on one line (for a JSON Lines batch)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license-issuer;sign'= {
            cand --key 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)'
            cand --kid 'The key id the validators know this key by [default: the key file''s name without .key]'
            cand --out 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output'
            cand --ledger 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)'
            cand --catalog 'Check documents against the catalog in FILE instead of the Reactor catalog'
            cand --armor 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines'
            cand --allow-unknown-features 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)'
            cand --batch 'DOCUMENT is JSON Lines: one document a line, all checked before any is signed; needs --out'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license-issuer;renew'= {
            cand --key 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)'
            cand --kid 'The key id the validators know this key by [default: the key file''s name without .key]'
            cand --out 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output'
            cand --ledger 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)'
            cand --catalog 'Check documents against the catalog in FILE instead of the Reactor catalog'
            cand --until 'The new last day in effect'
            cand --issued 'The day the renewal is issued [default: today, UTC]; not before the license''s (the same day will do)'
            cand --not-before 'The renewal''s first day in effect [default: the day it is issued]; a store holds it until then'
            cand --armor 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines'
            cand --allow-unknown-features 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license-issuer;bind'= {
            cand --key 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)'
            cand --kid 'The key id the validators know this key by [default: the key file''s name without .key]'
            cand --out 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output'
            cand --ledger 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)'
            cand --catalog 'Check documents against the catalog in FILE instead of the Reactor catalog'
            cand --valid-days 'Bound licenses end N days from today (or with the template, if it ends sooner): a machine file with a lifetime, renewed by a new request, so that a copy restored from before a release dies at its end'
            cand --armor 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines'
            cand --allow-unknown-features 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)'
            cand --allow-operator-id 'Grant requests whose only component is an operator-supplied identity (AIRGAP_LICENSE_MACHINE_ID: containers), which no hardware vouches for; recorded in the ledger'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license-issuer;release'= {
            cand --ledger 'The ledger that holds the bindings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license-issuer;revoke'= {
            cand --key 'The private key that signs the list (a key the customers'' validators trust)'
            cand --kid 'The key id the validators know this key by [default: the key file''s name without .key]'
            cand --ledger 'The ledger: it holds the last list, and records the new one'
            cand --out 'Write the list to FILE (created, never overwritten) instead of standard output'
            cand --all-signed-by 'Revoke every license signed by key ID (a leaked key); repeatable'
            cand --issued 'The day the list is issued [default: today, UTC]'
            cand --unrevoke 'Take the licenseIds (and --all-signed-by key ids) given off the list instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'airgap-license-issuer;list'= {
            cand --ledger 'The ledger (a JSON Lines file that sign and renew append to)'
            cand --json 'Print JSON on standard output'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'airgap-license-issuer;help'= {
            cand keygen 'Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600)'
            cand new 'Write a license document: a fresh licenseId, issued today, your flags; sign it once filled in'
            cand sign 'Check license documents against the format''s rules and sign them'
            cand renew 'Issue the successor of a license: the same licenseId, issued today, a new expiration'
            cand bind 'Bind template licenses to machines: a bound license per activation request, a seat each'
            cand release 'Free the seats of machines that gave them back: verify release receipts against the ledger'
            cand revoke 'Write the next revocation list: every licenseId (and key id) revoked so far, and these'
            cand list 'List what the ledger says was issued'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'airgap-license-issuer;help;keygen'= {
        }
        &'airgap-license-issuer;help;new'= {
        }
        &'airgap-license-issuer;help;sign'= {
        }
        &'airgap-license-issuer;help;renew'= {
        }
        &'airgap-license-issuer;help;bind'= {
        }
        &'airgap-license-issuer;help;release'= {
        }
        &'airgap-license-issuer;help;revoke'= {
        }
        &'airgap-license-issuer;help;list'= {
        }
        &'airgap-license-issuer;help;help'= {
        }
    ]
    $completions[$command]
}
