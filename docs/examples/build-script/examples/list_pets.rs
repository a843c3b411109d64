//! Lists every pet, page after page, then asks for one that may not exist; run it with
//! `PETSTORE_TOKEN` set.

use futures_util::StreamExt;
use petstore_client::operations::GetPetError;
use petstore_client::{Client, Error};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().token(std::env::var("PETSTORE_TOKEN")?).build()?;

    // Every pet: the stream asks for the next page (its `next_cursor`) as it goes.
    let mut pets = client.list_pets_stream().limit(50);
    while let Some(pet) = pets.next().await {
        let pet = pet?;
        println!("{} {}", pet.id, pet.name);
    }

    // Errors are typed per operation: a 404 of `getPet` is `GetPetError::NotFound`.
    match client.get_pet("rex").await {
        Ok(pet) => println!("found {}", pet.name),
        Err(Error::Api(error)) if matches!(error.body(), GetPetError::NotFound(_)) => println!("no pet called rex"),
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
