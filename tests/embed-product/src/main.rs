//! Prints the kid and fingerprint of each key the build embedded.
use airgap_license::Validator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let validator = Validator::from_embedded(&airgap_license::embedded!())?;
    for key in validator.keys().iter() {
        println!("{} {}", key.kid(), key.fingerprint());
    }
    Ok(())
}
