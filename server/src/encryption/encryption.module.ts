import { Global, Module } from '@nestjs/common';
import { HAVEN_CONFIG, type HavenConfig } from '../config/config.js';
import { EncryptLeftoversOnStart } from './encrypt-leftovers.js';
import { FIELD_ENCRYPTION, FieldEncryption } from './field-encryption.js';

@Global()
@Module({
  providers: [
    {
      provide: FIELD_ENCRYPTION,
      inject: [HAVEN_CONFIG],
      useFactory: (config: HavenConfig) => FieldEncryption.fromConfig(config),
    },
    // Plaintext left in columns that became encrypted is encrypted before the app answers.
    EncryptLeftoversOnStart,
  ],
  exports: [FIELD_ENCRYPTION],
})
export class EncryptionModule {}
