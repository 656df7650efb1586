//! Prints the kid and fingerprint of each key the build embedded, then the
//! release date it recorded.
use airgap_license::Validator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let validator = Validator::from_embedded(&airgap_license::embedded!())?;
    for key in validator.keys().iter() {
        println!("{} {}", key.kid(), key.fingerprint());
    }
    let release = validator.policy().release_date.map(|day| day.to_string()).unwrap_or_default();
    println!("release {release}");
    Ok(())
}
