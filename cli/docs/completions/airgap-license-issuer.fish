# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_airgap_license_issuer_global_optspecs
    string join \n h/help V/version
end

function __fish_airgap_license_issuer_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_airgap_license_issuer_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_airgap_license_issuer_using_subcommand
    set -l cmd (__fish_airgap_license_issuer_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -s h -l help -d 'Print help'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -s V -l version -d 'Print version'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "keygen" -d 'Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "new" -d 'Write a license document: a fresh licenseId, issued today, your flags; sign it once filled in'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "sign" -d 'Check license documents against the format\'s rules and sign them'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "renew" -d 'Issue the successor of a license: the same licenseId, issued today, a new expiration'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "bind" -d 'Bind template licenses to machines: a bound license per activation request, a seat each'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "release" -d 'Free the seats of machines that gave them back: verify release receipts against the ledger'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "revoke" -d 'Write the next revocation list: every licenseId (and key id) revoked so far, and these'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "list" -d 'List what the ledger says was issued'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand keygen" -l kid -d 'The key id: 1 to 64 characters of A-Z a-z 0-9 . _ -' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand keygen" -l out -d 'The folder to write both files into (created if absent; existing files are never overwritten)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l license-id -d 'The licenseId [default: a fresh random UUID]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l issued-to -d 'The licensee [default: blank, which sign refuses until it is filled in]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l plan -d 'The plan [default: the catalog\'s lowest]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l type -d 'licenseAttributes.LicenseType' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l issued -d 'The day it is issued [default: today, UTC]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l not-before -d 'The first day in effect [default: the day it is issued]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l until -d 'The last day in effect [default: a year after it is issued]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l maintenance-until -d 'Cover releases of the product dated on or before DAY only (maintenance), whatever the clock says; listed in critical' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l grace-days -d 'Stay in effect DAYS days after the expiration, every use warning to renew [default: 0]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l notice-days -d 'Warn on every use from DAYS days before the expiration, and through grace [default: 30]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l feature -d 'A feature granted (NAME=true) or withheld (NAME=false) beyond the plan; repeatable' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l supersedes -d 'A licenseId this license supersedes; repeatable' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l machines -d 'Make a template for N machines at once: in effect nowhere until bound to a machine (bind)' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l catalog -d 'Check plans and features against the catalog in FILE' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l perpetual -d 'A perpetual license: no expiration (an older validator refuses it, the safe direction)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -l line -d 'Print the document on one line (for a JSON Lines batch)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand new" -s h -l help -d 'Print help'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l key -d 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l kid -d 'The key id the validators know this key by [default: the key file\'s name without .key]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l out -d 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l ledger -d 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l catalog -d 'Check documents against the catalog in FILE instead of the Reactor catalog' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l armor -d 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l allow-unknown-features -d 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -l batch -d 'DOCUMENT is JSON Lines: one document a line, all checked before any is signed; needs --out'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand sign" -s h -l help -d 'Print help'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l key -d 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l kid -d 'The key id the validators know this key by [default: the key file\'s name without .key]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l out -d 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l ledger -d 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l catalog -d 'Check documents against the catalog in FILE instead of the Reactor catalog' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l until -d 'The new last day in effect' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l issued -d 'The day the renewal is issued [default: today, UTC]; not before the license\'s (the same day will do)' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l not-before -d 'The renewal\'s first day in effect [default: the day it is issued]; a store holds it until then' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l armor -d 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -l allow-unknown-features -d 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand renew" -s h -l help -d 'Print help'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l key -d 'The private key (PKCS#8 PEM, as keygen or `openssl genpkey -algorithm ed25519` writes it)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l kid -d 'The key id the validators know this key by [default: the key file\'s name without .key]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l out -d 'Write each license to DIR/LICENSEID.lic (never overwriting) instead of standard output' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l ledger -d 'Append a line per license to this JSON Lines ledger (licenseId, issuedTo, plan, dates, kid, SHA-256)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l catalog -d 'Check documents against the catalog in FILE instead of the Reactor catalog' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l valid-days -d 'Bound licenses end N days from today (or with the template, if it ends sooner): a machine file with a lifetime, renewed by a new request, so that a copy restored from before a release dies at its end' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l armor -d 'Wrap each license in -----BEGIN/END AIRGAP LICENSE----- lines'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l allow-unknown-features -d 'Sign even when `features` names a feature the catalog does not know (a validator reports it UNKNOWN and grants nothing by it)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -l allow-operator-id -d 'Grant requests whose only component is an operator-supplied identity (AIRGAP_LICENSE_MACHINE_ID: containers), which no hardware vouches for; recorded in the ledger'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand bind" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand release" -l ledger -d 'The ledger that holds the bindings' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand release" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -l key -d 'The private key that signs the list (a key the customers\' validators trust)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -l kid -d 'The key id the validators know this key by [default: the key file\'s name without .key]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -l ledger -d 'The ledger: it holds the last list, and records the new one' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -l out -d 'Write the list to FILE (created, never overwritten) instead of standard output' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -l all-signed-by -d 'Revoke every license signed by key ID (a leaked key); repeatable' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -l issued -d 'The day the list is issued [default: today, UTC]' -r
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -l unrevoke -d 'Take the licenseIds (and --all-signed-by key ids) given off the list instead'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand list" -l ledger -d 'The ledger (a JSON Lines file that sign and renew append to)' -r -F
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand list" -l json -d 'Print JSON on standard output'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand list" -s h -l help -d 'Print help'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "keygen" -d 'Make a key pair: DIR/ID.pem (public, for keys/) and DIR/ID.key (private, PKCS#8 PEM, mode 0600)'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "new" -d 'Write a license document: a fresh licenseId, issued today, your flags; sign it once filled in'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "sign" -d 'Check license documents against the format\'s rules and sign them'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "renew" -d 'Issue the successor of a license: the same licenseId, issued today, a new expiration'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "bind" -d 'Bind template licenses to machines: a bound license per activation request, a seat each'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "release" -d 'Free the seats of machines that gave them back: verify release receipts against the ledger'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "revoke" -d 'Write the next revocation list: every licenseId (and key id) revoked so far, and these'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "list" -d 'List what the ledger says was issued'
complete -c airgap-license-issuer -n "__fish_airgap_license_issuer_using_subcommand help; and not __fish_seen_subcommand_from keygen new sign renew bind release revoke list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
