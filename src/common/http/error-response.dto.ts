import { ApiProperty } from '@nestjs/swagger';

/** The one error shape of every non-2xx answer. */
export class ErrorResponseDto {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'Not Found' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'Recommendation not found',
  })
  message: string | string[];

  @ApiProperty({ example: '3f2c1a7e-1b7a-4c1e-9c1d-2f6f1d0b9a11' })
  requestId: string;
}
