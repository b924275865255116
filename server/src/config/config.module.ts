import { Global, Module, type DynamicModule } from '@nestjs/common';
import { HAVEN_CONFIG, type HavenConfig } from './config.js';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HavenConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: HAVEN_CONFIG, useValue: config }],
      exports: [HAVEN_CONFIG],
    };
  }
}
