import type { Framework } from './types';

/** NestJS: `@Param()`/`@Body()` inject request input; `createParamDecorator` makes `@CurrentUser()`. */
export const nestjs: Framework = {
  name: 'NestJS',
  packages: ['@nestjs/common'],
  request: { decorators: ['Param', 'Query', 'Body', 'Headers', 'Req', 'Request'] },
};
